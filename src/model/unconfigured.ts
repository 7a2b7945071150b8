// The model that stands in when no LLM_* endpoint is set: every call says so, for the turn to fall back.
import { ModelError, type ChatModel, type ChatResponse } from './types.ts';

/**
 * A {@link ChatModel} that refuses every call with `ModelError('not_configured')`.
 * @example
 * await new UnconfiguredModel().complete({ messages, tools }); // throws ModelError, kind 'not_configured'
 */
export class UnconfiguredModel implements ChatModel {
  readonly name = 'unconfigured';

  async complete(): Promise<ChatResponse> {
    throw new ModelError('not_configured', 'No chat model is configured: set LLM_BASE_URL, LLM_MODEL and LLM_API_KEY.');
  }
}
