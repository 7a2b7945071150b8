// The OpenAPI 3.1 document of the whole API, generated from the registry once per process.
import { OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { openApiRegistry } from './registry.ts';
import './paths/service.ts';
import './paths/staff.ts';
import './paths/staff-tools.ts';
import './paths/travellers.ts';

/** The generated document (OpenAPI 3.1), as `/openapi.json` serves it. */
export type OpenApiDocument = ReturnType<OpenApiGeneratorV31['generateDocument']>;

let cached: OpenApiDocument | undefined;

/**
 * The document; generated on first use, then the same object.
 * @example res.json(openApiDocument());
 */
export function openApiDocument(): OpenApiDocument {
  cached ??= new OpenApiGeneratorV31(openApiRegistry().definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'TourDesk API',
      version: '1',
      description: 'Travellers chat on web, app and WeChat; operators manage hotels and inventory; agents take the conversations the bot hands over. Errors are `{"error": CODE, "message"}`; money is `{"amount": fen, "currency": "CNY"}`.',
    },
  });
  return cached;
}
