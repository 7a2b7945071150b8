// Structured logs (pino): secrets redacted, phone numbers masked, and the request, conversation and job ids on every line.
import { pino, type Logger } from 'pino';
import { logContext } from './observability/context.ts';
import { maskPhonesInText } from './security/personal-data.ts';

export type { Logger };

/** How deep a logged object is searched for phone numbers; deeper parts are logged as `[deep]`. */
const MAX_DEPTH = 8;

/** A copy of a log line's object with every phone number in its strings masked, errors' messages and stacks included. */
function maskForLog(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskPhonesInText(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[deep]';
  if (value instanceof Error) {
    // A copy of the same class (so pino's serializer still names its type), its message and stack masked too.
    const copy = Object.create(Object.getPrototypeOf(value) as object) as Error;
    for (const key of Object.getOwnPropertyNames(value)) {
      const enumerable = Object.prototype.propertyIsEnumerable.call(value, key);
      Object.defineProperty(copy, key, { value: maskForLog((value as unknown as Record<string, unknown>)[key], depth + 1), enumerable, writable: true, configurable: true });
    }
    return copy;
  }
  if (Array.isArray(value)) return value.map((v) => maskForLog(v, depth + 1));
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value; // Dates, Buffers, class instances: as pino writes them
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskForLog(v, depth + 1)]));
}

/**
 * A logger at `level`; `guest.phone`, passwords, tokens and authorization headers never reach the output, phone
 * numbers in messages and in logged objects are masked, and each line carries the ids of the request, conversation
 * and job it was logged in (see `withLogContext`).
 * @example const log = createLogger('info'); log.info({ conversationId }, 'turn done');
 */
export function createLogger(level = 'info', destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      redact: {
        paths: ['password', '*.password', 'token', '*.token', 'req.headers.authorization', 'headers.authorization', '*.guestPhone', 'guest.phone', '*.guest.phone', 'phone', '*.phone'],
        censor: '[redacted]',
      },
      mixin: () => ({ ...logContext() }),
      formatters: {
        log: (object) => maskForLog(object) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method) {
          const masked = args.map((a) => (typeof a === 'string' ? maskPhonesInText(a) : a)) as Parameters<typeof method>;
          method.apply(this, masked);
        },
      },
    },
    destination as pino.DestinationStream | undefined,
  );
}
