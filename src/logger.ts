// Structured logs (pino) with secrets redacted and phone numbers masked.
import { pino, type Logger } from 'pino';
import { maskPhonesInText } from './security/personal-data.ts';

export type { Logger };

/** A logger at `level`; `guest.phone`, passwords, tokens and authorization headers never reach the output. */
export function createLogger(level = 'info', destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      redact: {
        paths: ['password', '*.password', 'token', '*.token', 'req.headers.authorization', 'headers.authorization', '*.guestPhone', 'guest.phone', '*.guest.phone', 'phone', '*.phone'],
        censor: '[redacted]',
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
