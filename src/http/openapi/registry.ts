// The OpenAPI registry: each part of the API documents its own paths here, with the zod schemas its routes validate with.
import { OpenAPIRegistry, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

/** How an operation is authenticated; the names are the document's security schemes. */
export type Auth = 'staffBearer' | 'travellerBearer' | 'appKey' | 'metricsToken';

/** One documented response. */
export interface DocResponse {
  description: string;
  /** A JSON body; leave out for none. */
  schema?: z.ZodType;
  /** Default `application/json` with a schema; set for text, HTML, SSE. */
  contentType?: string;
}

/** One operation, written as the express route is (`/v1/operator/hotels/:id`). */
export interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  tag: string;
  summary: string;
  description?: string;
  /** Any of these authenticates the call; none: public. */
  auth?: Auth[];
  /** The zod schema the route parses the JSON body with (import it; never a copy). */
  body?: z.ZodType;
  /** A body that is not JSON (WeChat's XML), described by its content types. */
  rawBody?: { contentTypes: string[]; description: string };
  /** The zod schema of the query string. */
  query?: z.ZodObject;
  /** Request headers, e.g. `Idempotency-Key`. */
  headers?: z.ZodObject;
  /** Route params' schemas; each `:name` of the path without one is a string. */
  params?: Record<string, z.ZodType>;
  /** Successful answers by status; default `200: OK`. Error answers are added from what the operation takes. */
  responses?: Record<number, DocResponse>;
  /** Further error statuses it answers (409 sold_out, …), by status and description. */
  errors?: Record<number, string>;
}

/** `{error, message, details?}`: every error answer. */
export const errorBody = z
  .object({
    error: z.string().meta({ description: 'A code of the error catalogue, e.g. `sold_out`; also a translation key.' }),
    message: z.string(),
    details: z.unknown().optional().meta({ description: 'The zod issues of a body, query or header that failed validation.' }),
  })
  .meta({ id: 'Error' });

/** Money in minor units (fen). */
export const moneySchema = z.object({ amount: z.number().int(), currency: z.literal('CNY') }).meta({ id: 'Money' });

/** The security schemes of the document. */
export const securitySchemes = {
  staffBearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A staff token from POST /v1/operator/login (operators, agents, admins).' },
  travellerBearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A traveller token from POST /v1/web/sessions or POST /v1/wechat/login.' },
  appKey: { type: 'http', scheme: 'bearer', description: 'The app channel\'s server key, APP_API_KEY.' },
  metricsToken: { type: 'http', scheme: 'bearer', description: 'METRICS_TOKEN, when it is set.' },
} as const;

const registry = new OpenAPIRegistry();
const operations: Operation[] = [];

/** `/a/:id/b` → `/a/{id}/b`. */
export const openApiPath = (path: string): string => path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}');

const json = (schema: z.ZodType) => ({ 'application/json': { schema } });

/**
 * Documents one operation (once per method and path; a second call for the same one replaces nothing and throws).
 * @example
 * document({ method: 'post', path: '/v1/operator/hotels', tag: 'Operators', summary: 'Add a hotel',
 *   auth: ['staffBearer'], body: hotelBody, responses: { 201: { description: 'Created', schema: idBody } } });
 */
export function document(op: Operation): void {
  if (operations.some((o) => o.method === op.method && o.path === op.path)) {
    throw new Error(`${op.method.toUpperCase()} ${op.path} is documented twice`);
  }
  operations.push(op);
  const names = [...op.path.matchAll(/:([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]!);
  const request: NonNullable<RouteConfig['request']> = {};
  if (names.length) request.params = z.object(Object.fromEntries(names.map((n) => [n, op.params?.[n] ?? z.string()])));
  if (op.query) request.query = op.query;
  if (op.headers) request.headers = op.headers;
  if (op.body) request.body = { required: true, content: json(op.body) };
  if (op.rawBody) {
    request.body = {
      required: true,
      description: op.rawBody.description,
      content: Object.fromEntries(op.rawBody.contentTypes.map((t) => [t, { schema: z.string() }])),
    };
  }
  const responses: RouteConfig['responses'] = {};
  for (const [status, r] of Object.entries(op.responses ?? { 200: { description: 'OK' } })) {
    responses[status] = r.schema || r.contentType
      ? { description: r.description, content: { [r.contentType ?? 'application/json']: { schema: r.schema ?? z.string() } } }
      : { description: r.description };
  }
  const error = (status: number, description: string) => {
    responses[status] ??= { description, content: json(errorBody) };
  };
  if (op.body || op.query || op.headers || op.rawBody) error(400, 'invalid_request (the zod issues under `details`) or invalid_json');
  if (op.auth?.length) error(401, 'unauthorized: the token is missing, invalid or expired');
  if (op.auth?.includes('staffBearer')) error(403, 'forbidden: this role may not do that');
  if (names.length) error(404, 'not_found (another tenant\'s id too)');
  for (const [status, description] of Object.entries(op.errors ?? {})) error(Number(status), description);
  if (op.body) error(413, 'payload_too_large');
  error(429, 'rate_limited, with Retry-After');
  registry.registerPath({
    method: op.method,
    path: openApiPath(op.path),
    tags: [op.tag],
    summary: op.summary,
    ...(op.description && { description: op.description }),
    ...(op.auth?.length && { security: op.auth.map((a) => ({ [a]: [] })) }),
    request,
    responses,
  });
}

/**
 * Every documented operation, as written (`:id` params), for tests and the docs page.
 * @example documentedOperations().map((o) => `${o.method} ${o.path}`)
 */
export function documentedOperations(): readonly Operation[] {
  return operations;
}

/** The registry the generator reads (paths, and the security schemes once). */
export function openApiRegistry(): OpenAPIRegistry {
  return registry;
}

for (const [name, scheme] of Object.entries(securitySchemes)) registry.registerComponent('securitySchemes', name, { ...scheme });
