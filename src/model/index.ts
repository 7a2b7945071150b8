// The model folder's face: the ChatModel port, its implementations, and the choice between them.
import type { Config } from '../config.ts';
import { OfflineChatModel } from './offline/index.ts';
import { OpenAIChatModel, type OpenAIChatModelOptions } from './openai-provider.ts';
import type { ChatModel } from './types.ts';

export * from './types.ts';
export { OpenAIChatModel, type OpenAIChatModelOptions } from './openai-provider.ts';
export { UnconfiguredModel } from './unconfigured.ts';

/** Tuning that is not part of the environment contract (timeouts, streaming, logprobs). */
export type ChatModelTuning = Omit<OpenAIChatModelOptions, 'baseUrl' | 'apiKey' | 'model'>;

/**
 * The model the configuration asks for: the OpenAI-compatible endpoint when `LLM_BASE_URL` is set, else the offline
 * model (no hosted model needed: a fresh machine, CI and evaluations talk to it).
 * @example const model = createChatModel(loadConfig().llm);
 */
export function createChatModel(llm: Config['llm'], tuning: ChatModelTuning = {}): ChatModel {
  return llm ? new OpenAIChatModel({ ...tuning, ...llm }) : new OfflineChatModel();
}
