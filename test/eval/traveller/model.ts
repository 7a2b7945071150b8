// A model plays the traveller from the scenario's goal: it reads the concierge's replies and writes the next message.
import OpenAI from 'openai';
import type { Reply } from '../../../src/bot/index.ts';
import type { Scenario } from '../scenarios/schema.ts';
import type { SetupFacts } from '../setup.ts';
import type { Move, TravellerPlayer } from './types.ts';

/** Where the traveller's model is: EVAL_TRAVELLER_BASE_URL (else LLM_BASE_URL), its key and EVAL_TRAVELLER_MODEL. */
export interface TravellerModelConfig {
  baseUrl: string;
  apiKey: string | undefined;
  model: string;
}

/** The word the model writes when the goal is reached or cannot be. */
export const DONE = '###DONE###';

/**
 * The traveller model's configuration from the environment, or undefined when no base URL is set.
 * @example const cfg = travellerModelConfig(process.env); if (!cfg) usage('--traveller model needs LLM_BASE_URL');
 */
export function travellerModelConfig(env: NodeJS.ProcessEnv): TravellerModelConfig | undefined {
  const baseUrl = env.EVAL_TRAVELLER_BASE_URL || env.LLM_BASE_URL;
  if (!baseUrl) return undefined;
  return {
    baseUrl,
    apiKey: env.EVAL_TRAVELLER_API_KEY || env.LLM_API_KEY,
    model: env.EVAL_TRAVELLER_MODEL || env.LLM_MODEL || 'gpt-4o-mini',
  };
}

function instructions(s: Scenario, facts: SetupFacts): string {
  const language = s.lang === 'zh' ? 'Simplified Chinese' : 'English';
  return [
    'You play a traveller chatting with a hotel booking assistant on a phone. You are the customer, not the assistant.',
    `Your goal: ${s.goal}`,
    facts.reservation ? `You already have a reservation with code ${facts.reservation.code}.` : '',
    `Write in ${language}, one short message at a time, the way people type in a chat app. Give details only when asked or when they matter.`,
    'When the assistant shows buttons, answer in words (for example "yes" or "确认" to confirm). Never invent prices or hotel names.',
    `When your goal is reached, or clearly cannot be reached, or you were passed to a human, reply with exactly ${DONE}.`,
  ].filter(Boolean).join('\n');
}

/** The concierge's replies as the traveller reads them: text, hotel cards and buttons. */
function asText(replies: readonly Reply[]): string {
  return replies.map((r) => {
    const cards = r.cards?.map((c) => `[${c.tier}] ${c.name} · ${c.roomName} · ¥${c.pricePerNight.amount / 100}/night`).join('\n') ?? '';
    const buttons = r.actions?.length ? `[buttons: ${r.actions.map((a) => a.title).join(' | ')}]` : '';
    return [r.text, cards, buttons].filter(Boolean).join('\n');
  }).join('\n\n') || '(no reply)';
}

/**
 * A traveller played by an OpenAI-compatible model, for at most `scenario.maxTurns` messages.
 * @example const player = modelTraveller(cfg, scenario, 0, facts);
 */
export function modelTraveller(cfg: TravellerModelConfig, scenario: Scenario, seed: number, facts: SetupFacts): TravellerPlayer {
  const client = new OpenAI({ baseURL: cfg.baseUrl, apiKey: cfg.apiKey ?? 'none', timeout: 60_000, maxRetries: 2 });
  // From the traveller's side: the concierge speaks as "user", the traveller's own messages are "assistant".
  const history: Array<{ role: 'system' | 'user' | 'assistant'; content: string }> = [{ role: 'system', content: instructions(scenario, facts) }];
  let sent = 0;
  return {
    async next(replies: Reply[]): Promise<Move> {
      if (sent >= scenario.maxTurns) return { done: true, why: 'gave_up', note: `${scenario.maxTurns} messages without reaching the goal` };
      history.push({ role: 'user', content: sent === 0 ? '(The chat opens. Write your first message.)' : asText(replies) });
      const r = await client.chat.completions.create({ model: cfg.model, messages: history, temperature: 0.7, seed });
      const text = (r.choices[0]?.message?.content ?? '').trim();
      if (!text || text.includes(DONE)) return { done: true, why: 'goal' };
      history.push({ role: 'assistant', content: text });
      sent += 1;
      return { text: text.slice(0, 2000) };
    },
  };
}
