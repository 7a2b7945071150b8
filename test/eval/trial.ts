// One trial: a new traveller and conversation, the scenario's setup, the conversation, the judge, and the clean-up.
import { randomBytes } from 'node:crypto';
import { appTraveller } from './client.ts';
import type { Environment } from './environment.ts';
import { judge, type Verdict } from './judge.ts';
import type { Scenario } from './scenarios/schema.ts';
import { applySetups, releaseBookings, type Applied } from './setup.ts';
import { modelTraveller, scriptedTraveller, type TravellerModelConfig, type TravellerPlayer } from './traveller/index.ts';

/** Messages a trial may send at most, whoever plays the traveller. */
const MAX_MESSAGES = 30;

/** Who plays the traveller. */
export type TravellerKind = { kind: 'scripted' } | { kind: 'model'; config: TravellerModelConfig };

/** What one trial did and how it was judged. */
export interface TrialResult {
  trial: number;
  seed: number;
  passed: boolean;
  failures: string[];
  /** The handoff reason, when the conversation went to a person. */
  handoff: string | null;
  guardHits: number;
  /** Messages the traveller sent. */
  turns: number;
  /** Round trip of each message through the app channel, in ms. */
  latenciesMs: number[];
  /** Why the conversation ended: the script ran out, a step's cue was not met, a handoff, the goal, an error. */
  ended: 'script' | 'stalled' | 'goal' | 'gave_up' | 'handoff' | 'error';
  note?: string;
  reservations: Verdict['reservations'];
  transcript: Array<{ who: 'traveller' | 'bot'; text: string }>;
}

/**
 * Runs trial number `trial` of `scenario` (seed `seed` picks its paraphrases) and undoes what it changed.
 * @example const r = await runTrial(env, scenario, 0, 0, { kind: 'scripted' });
 */
export async function runTrial(env: Environment, scenario: Scenario, trial: number, seed: number, who: TravellerKind): Promise<TrialResult> {
  const userId = `eval-${scenario.id}-${trial}-${randomBytes(3).toString('hex')}`;
  const travellerId = `app:${userId}`;
  const client = appTraveller(env.url, env.appKey, userId);
  const result: TrialResult = {
    trial, seed, passed: false, failures: [], handoff: null, guardHits: 0, turns: 0, latenciesMs: [], ended: 'script', reservations: [], transcript: [],
  };
  const botTexts: string[] = [];
  let applied: Applied | undefined;
  try {
    applied = await applySetups(env.services, scenario.setup, travellerId);
    const player: TravellerPlayer = who.kind === 'model'
      ? modelTraveller(who.config, scenario, seed, applied.facts)
      : scriptedTraveller(scenario, seed, applied.facts);
    let replies: Awaited<ReturnType<typeof client.send>>['replies'] = [];
    for (;;) {
      if (result.turns >= MAX_MESSAGES) {
        result.ended = 'gave_up';
        break;
      }
      const move = await player.next(replies);
      if ('done' in move) {
        result.ended = move.why;
        result.note = move.note;
        break;
      }
      const ex = await client.send(move.text, move.payload);
      result.turns += 1;
      result.latenciesMs.push(Math.round(ex.latencyMs * 10) / 10);
      result.transcript.push({ who: 'traveller', text: move.payload ? `[tap ${move.payload.split(':')[0]}]` : move.text });
      for (const r of ex.replies) {
        botTexts.push(r.text);
        result.transcript.push({ who: 'bot', text: r.text });
      }
      replies = ex.replies;
      // From here on the traveller's messages go to a person, not to the bot.
      if (replies.some((r) => r.handoff)) {
        result.ended = 'handoff';
        break;
      }
    }
    const verdict = await judge(env.db, { expected: scenario.expect, travellerId, conversationId: client.conversationId, facts: applied.facts, botTexts });
    Object.assign(result, { passed: verdict.passed, failures: verdict.failures, handoff: verdict.handoff, guardHits: verdict.guardHits, reservations: verdict.reservations });
  } catch (err) {
    result.ended = 'error';
    result.passed = false;
    result.failures.push(`error: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    await releaseBookings(env.services, travellerId);
    await applied?.undo();
  }
  return result;
}
