// The scripted traveller: a scenario's steps in order, each a paraphrase chosen by the trial's seed, each taken only
// when the concierge's last reply gives it a reason (hotels shown, the name asked for, a summary to confirm).
import type { Reply } from '../../../src/bot/index.ts';
import { choose } from '../prng.ts';
import type { Cue, Scenario, Step } from '../scenarios/schema.ts';
import type { SetupFacts } from '../setup.ts';
import type { Move, TravellerPlayer } from './types.ts';

/** A tap on the button of the summary instead of typing. */
const TAP = '@tap';

const WORDS = {
  zh: {
    pick: {
      budget: ['订经济型那家', '就订经济型的那家吧', '帮我订经济型那家'],
      comfort: ['订舒适型那家', '就订舒适型的那家吧', '帮我订舒适型那家'],
      luxury: ['订豪华型那家', '就订高档的那家', '帮我订豪华的那家'],
      first: ['订第一家', '就订第一家吧'],
      second: ['订第二家', '就订第二家吧'],
      third: ['订第三家', '就订第三家吧'],
    },
    contact: ['{name}，{phone}', '入住人{name}，手机{phone}', '{name} {phone}'],
    confirm: ['确认', TAP, '好的，订吧'],
    decline: ['先不订了', TAP, '不用了'],
    confirmCancel: ['确认', TAP, '好的，取消吧'],
    declineCancel: ['不取消了', TAP, '还是保留吧'],
  },
  en: {
    pick: {
      budget: ['book the budget one', "I'll take the budget one", 'book the budget hotel please'],
      comfort: ['book the comfort one', "I'll take the comfort one", 'book the comfort hotel please'],
      luxury: ['book the luxury one', "I'll take the luxury one", 'book the luxury hotel please'],
      first: ['book the first one', "I'll take the first one"],
      second: ['book the second one', "I'll take the second one"],
      third: ['book the third one', "I'll take the third one"],
    },
    contact: ['{name}, {phone}', 'Name: {name}, phone {phone}', "It's {name}, my number is {phone}"],
    confirm: ['yes', TAP, 'yes, book it'],
    decline: ['not now', TAP, "no, don't book it"],
    confirmCancel: ['yes', TAP, 'yes, cancel it'],
    declineCancel: ['no, keep it', TAP, "don't cancel it"],
  },
} as const;

const DEFAULT_CUE: Record<'say' | 'pick' | 'contact' | 'confirm' | 'decline', Cue> = {
  say: 'always', pick: 'offers', contact: 'asked_contact', confirm: 'summary', decline: 'summary',
};

/** Whether the concierge's last replies show what the cue waits for. */
export function cueMet(cue: Cue, replies: readonly Reply[]): boolean {
  const actions = replies.flatMap((r) => r.actions ?? []);
  const summary = actions.some((a) => a.value.startsWith('confirm:'));
  switch (cue) {
    case 'always':
      return true;
    case 'offers':
      return replies.some((r) => (r.cards?.length ?? 0) > 0);
    case 'summary':
      return summary;
    case 'asked_contact':
      return !summary && replies.some((r) => /姓名|名字|手机|电话|联系方式|\bnames?\b|\bphone\b|\bnumber\b|contact/i.test(r.text));
  }
}

function kindOf(step: Step): keyof typeof DEFAULT_CUE {
  if ('say' in step) return 'say';
  if ('pick' in step) return 'pick';
  if ('contact' in step) return 'contact';
  if ('confirm' in step) return 'confirm';
  return 'decline';
}

/** True when the summary on screen is a cancellation's (its confirm button says so), not a booking's. */
function cancelling(replies: readonly Reply[]): boolean {
  return replies.flatMap((r) => r.actions ?? []).some((a) => a.value.startsWith('confirm:') && /取消|cancel/i.test(a.title));
}

/** The words of a step: the scenario's paraphrases, or the reaction's in the scenario's language. */
function optionsOf(step: Step, lang: 'zh' | 'en', facts: SetupFacts, replies: readonly Reply[]): readonly string[] {
  const w = WORDS[lang];
  const fill = (s: string) => s.replaceAll('{code}', facts.reservation?.code ?? 'TD000000');
  if ('say' in step) return step.say.map(fill);
  if ('pick' in step) return w.pick[step.pick];
  if ('contact' in step) return w.contact.map((s) => s.replaceAll('{name}', step.contact.name).replaceAll('{phone}', step.contact.phone));
  if ('confirm' in step) return cancelling(replies) ? w.confirmCancel : w.confirm;
  return cancelling(replies) ? w.declineCancel : w.decline;
}

/**
 * The scripted traveller of `scenario` for trial `seed`.
 * @example const player = scriptedTraveller(scenario, 0, facts); const first = await player.next([]);
 */
export function scriptedTraveller(scenario: Scenario, seed: number, facts: SetupFacts): TravellerPlayer {
  let i = 0;
  return {
    async next(replies: Reply[]): Promise<Move> {
      const step = scenario.traveller[i];
      if (!step) return { done: true, why: 'script' };
      const kind = kindOf(step);
      const cue = step.when ?? DEFAULT_CUE[kind];
      if (i > 0 && !cueMet(cue, replies)) {
        return { done: true, why: 'stalled', note: `step ${i + 1} (${kind}) waited for ${cue}` };
      }
      const text = choose(optionsOf(step, scenario.lang, facts, replies), seed, scenario.id, i);
      i += 1;
      if (text === TAP) {
        const prefix = kind === 'confirm' ? 'confirm:' : 'decline:';
        const action = replies.flatMap((r) => r.actions ?? []).find((a) => a.value.startsWith(prefix));
        if (action) return { text: '', payload: action.value };
        return { done: true, why: 'stalled', note: `step ${i} found no ${prefix} button` };
      }
      return { text };
    },
  };
}
