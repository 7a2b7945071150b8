// One model call's cancellation: the caller's signal, a watchdog on the body, and the kinds of error it ends in.
import { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';
import { ModelError } from './types.ts';

/**
 * The SDK's timeout stops at the response headers and its backoff sleep ignores the signal:
 * this adds a watchdog for bodies that stop arriving and settles at once on abort.
 */
export class CallGuard {
  readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private timedOut = false;

  constructor(
    private readonly timeoutMs: number,
    private readonly callerSignal: AbortSignal | undefined,
  ) {
    callerSignal?.addEventListener('abort', this.onCallerAbort, { once: true });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** (Re)starts the watchdog: the body, or the next chunk, must come within the timeout. */
  arm(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timedOut = true;
      this.controller.abort();
    }, this.timeoutMs);
  }

  race<T>(pending: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(new Error('aborted'));
      if (this.signal.aborted) return onAbort();
      this.signal.addEventListener('abort', onAbort, { once: true });
      pending.then(resolve, reject).finally(() => this.signal.removeEventListener('abort', onAbort));
    });
  }

  /** What the caller sees for a failure: its own abort reason, or a ModelError. */
  failure(err: unknown): unknown {
    if (this.callerSignal?.aborted) return this.callerSignal.reason;
    if (this.timedOut) return new ModelError('timeout', `the model's answer stalled for ${this.timeoutMs} ms`, err);
    return toModelError(err);
  }

  end(): void {
    clearTimeout(this.timer);
    this.callerSignal?.removeEventListener('abort', this.onCallerAbort);
    // Frees the connection of a body we stopped reading; harmless after a whole one.
    this.controller.abort();
  }

  private readonly onCallerAbort = () => this.controller.abort(this.callerSignal?.reason);
}

export function toModelError(err: unknown): ModelError {
  if (err instanceof ModelError) return err;
  if (err instanceof APIConnectionTimeoutError) return new ModelError('timeout', 'the model did not answer in time', err);
  if (err instanceof APIConnectionError) return new ModelError('unavailable', `cannot reach the model: ${err.message}`, err);
  if (err instanceof APIError) {
    const status = err.status;
    if (status === 429) return new ModelError('rate_limited', 'the model is rate-limiting us', err);
    // No status: an error event inside a stream.
    if (status === undefined || status >= 500 || status === 408 || status === 409) {
      return new ModelError('unavailable', `the model is unavailable: ${err.message}`, err);
    }
    if (status === 401 || status === 403 || status === 404) {
      return new ModelError('not_configured', `the model refused the configuration (check LLM_BASE_URL, LLM_MODEL, LLM_API_KEY): ${err.message}`, err);
    }
    return new ModelError('bad_response', `the model rejected the request: ${err.message}`, err);
  }
  return new ModelError('bad_response', `the model's answer could not be read: ${err instanceof Error ? err.message : String(err)}`, err);
}
