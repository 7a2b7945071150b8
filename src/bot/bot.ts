// The bot: a turn pipeline of middleware around an AgentApplication whose message handler runs the agent loop.
import { AgentApplication, type Storage, type TurnContext, type TurnState } from '@microsoft/agents-hosting';
import type { Queryable } from '../../db/types.ts';
import type { Clock } from '../clock.ts';
import type { ChatModel } from '../model/types.ts';
import { annotateLogContext, withLogContext } from '../observability/context.ts';
import { maskPhonesInText, type Keys } from '../security/index.ts';
import { activityOf, TurnAdapter, TURN_INPUT } from './adapter.ts';
import { runAgentTurn, type AgentLoopDeps, type AgentOutcome } from './agent-loop.ts';
import { soundsNegative, turnConfidence, type TurnSignals } from './confidence.ts';
import { groundToolResult, groundTravellerText } from './grounding.ts';
import { asksForHuman, detectLocale } from './language.ts';
import { emptyMemory, trimMemory, type ConversationMemory } from './memory.ts';
import { conversationCheck } from './middleware/conversation.ts';
import { dedupe, INBOUND_ID } from './middleware/dedupe.ts';
import { handoffGate } from './middleware/handoff-gate.ts';
import { transcriptOut } from './middleware/transcript.ts';
import type { HandoffPort, TurnLock } from './ports.ts';
import type { Reply } from './reply.ts';
import type { Tool, ToolContext } from './tools.ts';
import { recordTrace } from './traces.ts';
import { turnInputSchema, type Locale, type TurnInput } from './turn.ts';

/** Words the bot needs that the flows own (the tourism voice). */
export interface BotTexts {
  systemPrompt(p: { locale: Locale; tenantId: string | null; channel: string; now: Date }): Promise<string> | string;
  safeReply: AgentLoopDeps['safeReply'];
  correctionNote: AgentLoopDeps['correctionNote'];
  /** What the traveller is told when the conversation goes to a person. */
  handoffNotice(locale: Locale, reason: string): string;
  /** How a tapped action reads to the model when the traveller typed nothing. */
  describePayload(payload: unknown, locale: Locale): string;
  notConfigured(locale: Locale): string;
}

/** What the bot is built from. */
export interface BotDeps {
  db: Queryable;
  keys: Keys;
  clock: Clock;
  model: ChatModel;
  tools: readonly Tool[];
  storage: Storage;
  lock: TurnLock;
  handoffs: HandoffPort;
  texts: BotTexts;
  /** Below this confidence the conversation goes to a person; default 0.5. */
  threshold?: number;
  onError?: (err: unknown) => void;
  /** Told after each turn's trace is stored (metrics count turns, tool calls and guard hits from it); must not throw. */
  onTrace?: (t: { channel: string; result: string; steps: AgentOutcome['steps']; guardHits: AgentOutcome['guardHits'] }) => void;
}

/**
 * The channel-agnostic core: one `handle(turn)` for every channel.
 * @example const replies = await bot.handle({ channel: 'app', conversationId, traveller, text: '你好', receivedAt: new Date(), sourceId });
 */
export class Bot {
  readonly #adapter = new TurnAdapter();
  readonly #app: AgentApplication<TurnState>;

  constructor(private readonly deps: BotDeps) {
    this.#adapter.use(
      conversationCheck(deps.db),
      dedupe(deps.db, deps.keys, deps.clock),
      handoffGate(deps.handoffs),
      transcriptOut(deps.db, deps.keys, deps.clock),
    );
    // A failed turn is the caller's error to report (the channel answers 5xx or retries the job), never the SDK's
    // canned "the agent encountered an error" sent to a traveller.
    this.#adapter.onTurnError = async (_ctx, err) => {
      throw err;
    };
    this.#app = new AgentApplication<TurnState>({ storage: deps.storage, startTypingTimer: false });
    this.#app.onActivity('message', (ctx, state) => this.#turn(ctx, state));
    // The SDK saves state only when an afterTurn handler says so.
    this.#app.onTurn('afterTurn', async () => true);
  }

  /** Runs one traveller message through the pipeline; turns of one conversation run one at a time, in order. */
  async handle(input: TurnInput): Promise<Reply[]> {
    const turn = turnInputSchema.parse(input);
    // Every line logged during the turn names its conversation, and so do the request's own later lines.
    annotateLogContext({ conversationId: turn.conversationId });
    return withLogContext({ conversationId: turn.conversationId }, () =>
      this.deps.lock.run(turn.conversationId, () => this.#adapter.process(turn, (ctx) => this.#app.run(ctx))));
  }

  async #turn(ctx: TurnContext, state: TurnState): Promise<void> {
    const started = performance.now();
    const { deps } = this;
    const input = ctx.turnState.get(TURN_INPUT) as TurnInput;
    const memory: ConversationMemory = { ...emptyMemory(), ...((state.conversation as { memory?: ConversationMemory }).memory) };
    const locale = input.text ? detectLocale(input.text, input.locale ?? memory.locale ?? 'zh-CN') : (input.locale ?? memory.locale ?? 'zh-CN');
    memory.locale = locale;
    memory.turn += 1;
    groundTravellerText(memory.grounded, input.text);
    // Back from a person: the model hears what was said and done meanwhile, and may state what was booked.
    const meanwhile = await deps.handoffs.meanwhile?.(input.conversationId, (ctx.turnState.get(INBOUND_ID) as string) ?? null);
    if (meanwhile) {
      memory.window = [...memory.window, { role: 'system', content: meanwhile.note }];
      groundToolResult(memory.grounded, meanwhile.facts);
    }
    const toolCtx: ToolContext = {
      conversationId: input.conversationId, channel: input.channel, travellerId: input.traveller.id,
      tenantId: input.traveller.tenantId, locale, message: { text: input.text, payload: input.payload }, memory,
    };
    const system = await deps.texts.systemPrompt({ locale, tenantId: input.traveller.tenantId, channel: input.channel, now: deps.clock.now() });
    const userText = input.text.trim() || deps.texts.describePayload(input.payload, locale);
    const outcome = await runAgentTurn(
      { model: deps.model, tools: deps.tools, safeReply: deps.texts.safeReply, correctionNote: deps.texts.correctionNote },
      toolCtx,
      system,
      userText,
    );
    const notConfigured = outcome.modelError?.kind === 'not_configured';
    const wantsPerson = asksForHuman(input.text);
    // A misunderstanding is a turn that made no progress and asked again: the same question as last time, or any
    // question the model itself was unsure of. Asking for the next missing detail is progress of the dialogue.
    const progressed = outcome.steps.some((s) => !s.error);
    const asked = /[?？]/.test(outcome.text);
    const previous = [...memory.window].reverse().find((m) => m.role === 'assistant' && !m.toolCalls)?.content ?? '';
    const repeated = previous !== '' && previous.slice(0, 24) === outcome.text.slice(0, 24);
    const unsure = (outcome.modelConfidence ?? 1) < 0.5;
    memory.clarifications = !progressed && !outcome.modelError && asked && (repeated || unsure) ? memory.clarifications + 1 : 0;
    const signals: TurnSignals = {
      modelConfidence: outcome.modelConfidence, meanLogprob: outcome.meanLogprob, toolErrors: outcome.toolErrors,
      guardHits: outcome.guardHitsRecovered > 0 ? 0 : outcome.guardHits.length, guardHitsRecovered: outcome.guardHitsRecovered,
      clarifications: memory.clarifications, negativeSentiment: soundsNegative(input.text),
      modelFailed: Boolean(outcome.modelError) && !notConfigured,
    };
    const confidence = turnConfidence(signals);
    const handoff = notConfigured ? undefined : this.#handoffReason(outcome, wantsPerson, signals, confidence);

    const reply: Reply = { type: 'message', text: notConfigured ? deps.texts.notConfigured(locale) : outcome.text };
    if (outcome.cards.length) reply.cards = outcome.cards;
    if (outcome.actions.length) reply.actions = outcome.actions;
    if (handoff) {
      await deps.handoffs.request({
        conversationId: input.conversationId, tenantId: input.traveller.tenantId, channel: input.channel,
        reason: handoff.reason, detail: handoff.detail, confidence,
      });
      reply.text = [reply.text, deps.texts.handoffNotice(locale, handoff.reason)].filter(Boolean).join('\n\n');
      reply.handoff = true;
      delete reply.actions;
    }

    memory.window = [...memory.window, ...outcome.newMessages].map(maskWindowMessage);
    (state.conversation as { memory?: ConversationMemory }).memory = trimMemory(memory);
    const result = handoff ? 'handoff' : outcome.wrote.length ? 'wrote' : outcome.modelError ? 'model_error' : 'answered';
    await recordTrace(deps.db, {
      conversationId: input.conversationId, messageId: (ctx.turnState.get(INBOUND_ID) as string) ?? null, outcome,
      reply: reply.text, confidence, signals: { ...signals, handoff: handoff?.reason ?? null, askedForHuman: wantsPerson },
      result, latencyMs: performance.now() - started, at: deps.clock.now(),
    });
    deps.onTrace?.({ channel: input.channel, result, steps: outcome.steps, guardHits: outcome.guardHits });
    await ctx.sendActivity(activityOf(reply) as never);
  }

  #handoffReason(o: AgentOutcome, asked: boolean, s: TurnSignals, confidence: number): { reason: string; detail?: string } | undefined {
    if (o.handoff) return o.handoff;
    if (asked) return { reason: 'traveller_request' };
    if (o.modelError) return { reason: 'model_unavailable', detail: o.modelError.kind };
    if (s.negativeSentiment) return { reason: 'negative_sentiment' };
    if (s.clarifications >= 3) return { reason: 'repeated_misunderstanding' };
    if (confidence < (this.deps.threshold ?? 0.5)) return { reason: 'low_confidence', detail: o.guardHits.map((h) => h.kind).join(',') || undefined };
    return undefined;
  }
}

/** The window is kept in the database: phone numbers masked in text and in tool-call arguments. */
function maskWindowMessage(m: ConversationMemory['window'][number]): ConversationMemory['window'][number] {
  switch (m.role) {
    case 'assistant':
      return {
        ...m,
        content: m.content === null ? null : maskPhonesInText(m.content),
        toolCalls: m.toolCalls?.map((c) => ({ ...c, arguments: maskPhonesInText(c.arguments) })),
      };
    case 'system':
      return m;
    default:
      return { ...m, content: maskPhonesInText(m.content) };
  }
}
