// The OpenAPI folder's face: the registry each part of the API documents itself in, and the document.
export { document, documentedOperations, errorBody, moneySchema, openApiPath, type Auth, type DocResponse, type Operation } from './registry.ts';
export { openApiDocument, type OpenApiDocument } from './document.ts';
