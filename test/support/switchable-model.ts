// A chat model whose implementation a test can swap between turns, so one app (one database) serves several models.
import type { ChatModel, ChatRequest, ChatResponse } from '../../src/model/index.ts';

/**
 * Delegates every call to `current`; set it before a turn to talk to another fake server or with other options.
 * @example const model = new SwitchableModel(streaming); const t = await startTestApp({ model }); model.current = plain;
 */
export class SwitchableModel implements ChatModel {
  constructor(public current: ChatModel) {}

  get name(): string {
    return this.current.name;
  }

  complete(request: ChatRequest): Promise<ChatResponse> {
    return this.current.complete(request);
  }
}
