// What every log line of a request, a turn or a job says about where it comes from: AsyncLocalStorage.
import { AsyncLocalStorage } from 'node:async_hooks';

/** Ids that tie a log line to its request, conversation and job; any may be missing. */
export interface LogContext {
  requestId?: string;
  conversationId?: string;
  jobId?: string;
  job?: string;
}

const storage = new AsyncLocalStorage<LogContext>();

/**
 * Runs `fn` with `more` added to the current context (an inner value wins), so every line logged inside it,
 * however deep in awaits, carries those ids.
 * @example await withLogContext({ conversationId }, () => bot.handle(turn));
 */
export function withLogContext<T>(more: LogContext, fn: () => T): T {
  const outer = storage.getStore();
  const next: LogContext = { ...outer };
  for (const [k, v] of Object.entries(more) as Array<[keyof LogContext, string | undefined]>) if (v !== undefined) next[k] = v;
  return storage.run(next, fn);
}

/**
 * The context of the running code, or an empty one outside any.
 * @example const { requestId } = logContext();
 */
export function logContext(): LogContext {
  return storage.getStore() ?? {};
}

/**
 * Adds ids to the context that the current request already runs in (a route that learns the conversation late).
 * Outside any context it does nothing.
 * @example annotateLogContext({ conversationId: session.conversationId });
 */
export function annotateLogContext(more: LogContext): void {
  const store = storage.getStore();
  if (store) Object.assign(store, Object.fromEntries(Object.entries(more).filter(([, v]) => v !== undefined)));
}
