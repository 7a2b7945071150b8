// The model port, measured: every call's latency, outcome and tokens go to the metrics.
import { ModelError, type ChatModel } from '../model/types.ts';
import type { Metrics } from './metrics.ts';

/**
 * Wraps a {@link ChatModel} so each call is timed and its tokens counted; answers and errors pass through unchanged.
 * @example const model = measuredModel(createChatModel(config.llm), metrics);
 */
export function measuredModel(model: ChatModel, metrics: Metrics): ChatModel {
  return {
    get name() {
      return model.name;
    },
    async complete(request) {
      const started = performance.now();
      const seconds = () => (performance.now() - started) / 1000;
      try {
        const res = await model.complete(request);
        metrics.modelLatency.observe({ model: model.name, outcome: 'ok' }, seconds());
        if (res.usage) {
          metrics.modelTokens.inc({ model: model.name, kind: 'prompt' }, res.usage.promptTokens);
          metrics.modelTokens.inc({ model: model.name, kind: 'completion' }, res.usage.completionTokens);
        }
        return res;
      } catch (err) {
        metrics.modelLatency.observe({ model: model.name, outcome: err instanceof ModelError ? err.kind : 'aborted' }, seconds());
        throw err;
      }
    },
  };
}
