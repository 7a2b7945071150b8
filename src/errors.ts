// The catalogue of error codes: each is an HTTP status, a default message, and a translation key for replies.

/** Every error the application raises on purpose, with its HTTP status and default English message. */
export const errorCatalogue = {
  invalid_request: { status: 400, message: 'The request is not valid.' },
  invalid_json: { status: 400, message: 'The body is not valid JSON.' },
  invalid_dates: { status: 400, message: 'The dates are not valid.' },
  unauthorized: { status: 401, message: 'Sign in first: the token is missing, invalid or expired.' },
  invalid_credentials: { status: 401, message: 'The email or password is wrong.' },
  forbidden: { status: 403, message: 'This account may not do that.' },
  not_found: { status: 404, message: 'Not found.' },
  method_not_allowed: { status: 405, message: 'That method is not allowed here.' },
  conflict: { status: 409, message: 'That conflicts with the current state.' },
  email_taken: { status: 409, message: 'A user with that email exists already.' },
  sold_out: { status: 409, message: 'No rooms are left for at least one night of the stay.' },
  quote_expired: { status: 409, message: 'The quote has expired; ask for a new one.' },
  quote_used: { status: 409, message: 'This quote has already been booked.' },
  hold_expired: { status: 409, message: 'The hold has expired and its rooms were released.' },
  not_cancellable: { status: 409, message: 'This reservation can no longer be cancelled.' },
  not_confirmable: { status: 409, message: 'Only a held reservation can be confirmed.' },
  not_correctable: { status: 409, message: 'Only an answer of the bot can be corrected.' },
  allotment_below_booked: { status: 409, message: 'The allotment would be below the rooms already booked.' },
  agent_at_capacity: { status: 409, message: 'This agent holds as many active conversations as allowed; resolve or release one first.' },
  idempotency_key_reused: {
    status: 422,
    message: 'This Idempotency-Key was used with a different request.',
  },
  capacity_exceeded: { status: 422, message: 'Too many guests for the rooms asked for.' },
  invalid_csv: { status: 422, message: 'Some rows of the CSV are not valid; nothing was changed.' },
  unknown_city: { status: 422, message: 'That city is not known.' },
  payload_too_large: { status: 413, message: 'The body is too large.' },
  unsupported_media_type: { status: 415, message: 'Send the body as application/json.' },
  rate_limited: { status: 429, message: 'Too many requests; slow down.' },
  internal: { status: 500, message: 'Something went wrong on our side.' },
  unavailable: { status: 503, message: 'A service we depend on is not answering.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof errorCatalogue;

/**
 * An error with a catalogue code. HTTP renders it as `{"error": code, "message", "details"?}`;
 * a chat channel turns the code into a reply in the traveller's language.
 * @example throw new AppError('sold_out');
 */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly details?: unknown,
  ) {
    super(message ?? errorCatalogue[code].message);
    this.name = 'AppError';
    this.status = errorCatalogue[code].status;
  }
}

/** True when `err` is a database error with this SQLSTATE (works for pg and PGlite alike). */
export function isDbError(err: unknown, sqlState: string): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === sqlState;
}
