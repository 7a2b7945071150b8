// What a scenario is: a traveller's goal, a scripted traveller, setup of the data, and the expected end state.
import { z } from 'zod';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');
const tier = z.enum(['budget', 'comfort', 'luxury']);
const paraphrases = z.array(z.string().min(1)).min(1).max(4);

/** When a scripted step is taken: always, or only when the concierge's last reply shows this. */
export const cueSchema = z.enum([
  'always',
  /** The last reply carries hotel cards (recommendations). */
  'offers',
  /** The last reply asks for the guest's name or phone. */
  'asked_contact',
  /** The last reply is a summary to confirm (it carries a confirm button). */
  'summary',
]);
export type Cue = z.infer<typeof cueSchema>;

/**
 * One move of the scripted traveller. `say` types one of 1–4 paraphrases (chosen by the trial's seed); the others are
 * reactions written in the scenario's language: book a shown hotel, give the name and phone, say yes or no.
 * A step whose cue is not met ends the conversation: the traveller has nothing sensible left to say.
 */
export const stepSchema = z.union([
  z.object({ say: paraphrases, when: cueSchema.optional() }).strict(),
  /** Book the shown hotel of this tier (or position). */
  z.object({ pick: z.union([tier, z.enum(['first', 'second', 'third'])]), when: cueSchema.optional() }).strict(),
  /** Give the guest's name and phone. */
  z.object({ contact: z.object({ name: z.string().min(1), phone: z.string().regex(/^1\d{10}$/) }).strict(), when: cueSchema.optional() }).strict(),
  /** Say yes to the summary (typed, or a tap on its button). */
  z.object({ confirm: z.literal(true), when: cueSchema.optional() }).strict(),
  /** Say no to the summary (typed, or a tap on its button). */
  z.object({ decline: z.literal(true), when: cueSchema.optional() }).strict(),
]);
export type Step = z.infer<typeof stepSchema>;

/** Changes made before each trial and undone after it. */
export const setupSchema = z.discriminatedUnion('kind', [
  /** No rooms left on these nights: every room type of the city's hotels (of a tier; or only its cheapest hotel). */
  z.object({ kind: z.literal('sell_out'), city: z.string(), nights: z.array(isoDate).min(1), tier: tier.optional(), only: z.enum(['all', 'cheapest']).default('all') }).strict(),
  /** The operator stopped selling these nights (same targets as sell_out). */
  z.object({ kind: z.literal('stop_sell'), city: z.string(), nights: z.array(isoDate).min(1), tier: tier.optional(), only: z.enum(['all', 'cheapest']).default('all') }).strict(),
  /** A reservation of this traveller, made before the conversation (to look up or cancel). */
  z.object({ kind: z.literal('reservation'), city: z.string(), tier, checkIn: isoDate, checkOut: isoDate, rooms: z.number().int().min(1).default(1), guests: z.number().int().min(1).default(2), guestName: z.string().default('王芳') }).strict(),
  /** A knowledge entry of the tenant that owns the city's hotels. */
  z.object({ kind: z.literal('knowledge'), city: z.string(), question: z.string().min(1), answer: z.string().min(1), locale: z.enum(['zh-CN', 'en']) }).strict(),
  /** The tenant of the city's hotels sends bookings of more than `roomsOver` rooms to a person. */
  z.object({ kind: z.literal('group_rule'), city: z.string(), roomsOver: z.number().int().min(1) }).strict(),
]);
export type Setup = z.infer<typeof setupSchema>;
export type SetupInput = z.input<typeof setupSchema>;

/** A reservation the trial must have made. */
export const expectedBookingSchema = z.object({
  city: z.string(),
  checkIn: isoDate,
  checkOut: isoDate,
  rooms: z.number().int().min(1).default(1),
  guests: z.number().int().min(1).optional(),
  tier: tier.optional(),
  /** The room type's name (Chinese, as seeded: 大床房, 双床房, 豪华大床房 …). */
  roomType: z.string().optional(),
  status: z.enum(['confirmed', 'held']).default('confirmed'),
  /** Not at the hotel a sell_out / stop_sell setup of `cheapest` took out. */
  notSetupHotel: z.boolean().optional(),
}).strict();

/**
 * The traveller's own criteria as the first search of the trial sent them (from turn_traces): a budget read in yuan
 * as said, never converted from another currency; a range; amenities.
 */
const amountOrRange = z.union([z.number(), z.tuple([z.number(), z.number()]).describe('[least, most]: "500 yuan" may be read as about 500')]);
const searchArgs = z.object({
  budgetMax: amountOrRange.optional(),
  budgetMin: amountOrRange.optional(),
  amenities: z.array(z.string()).optional(),
}).strict();

const tools = z.array(z.enum(['search_hotels', 'get_hotel_details', 'search_knowledge', 'find_bookings', 'prepare_booking', 'prepare_cancellation', 'confirm', 'handoff_to_human']));

/**
 * The end state of the database after the conversation, tau-bench style: judged by rows, never by wording.
 * Every kind also means: nothing else was booked or cancelled, and no handoff unless it is the handoff kind.
 */
export const expectedSchema = z.discriminatedUnion('kind', [
  /** Exactly one reservation with these facts; `grounded`: a reply stated its total as the server priced it. */
  z.object({ kind: z.literal('booking'), booking: expectedBookingSchema, grounded: z.boolean().default(false), tools: tools.optional(), search: searchArgs.optional() }).strict(),
  /** No reservation and no handoff; `tools` that must have run without error (from turn_traces). */
  z.object({
    kind: z.literal('nothing_booked'),
    tools: tools.optional(),
    /** A reply stated the setup reservation's code (looked up, not invented). */
    mentionsSetupCode: z.boolean().optional(),
    /** Facts a reply must state, as a setup's knowledge entry words them (the answer came from the knowledge base). */
    mentions: z.array(z.string().min(1)).optional(),
    /** `allowed`: a handoff is no failure (a message the bot cannot read may go to a person). Default `none`. */
    handoff: z.enum(['none', 'allowed']).default('none'),
  }).strict(),
  /** The setup's reservation is cancelled, and nothing else was booked. */
  z.object({ kind: z.literal('cancellation') }).strict(),
  /** The conversation was handed to a person for one of these reasons, and nothing was booked. */
  z.object({ kind: z.literal('handoff'), reasons: z.array(z.string()).min(1) }).strict(),
]);
export type Expected = z.infer<typeof expectedSchema>;
export type ExpectedKind = Expected['kind'];

/** A scenario. */
export const scenarioSchema = z.object({
  id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'kebab-case'),
  lang: z.enum(['zh', 'en']),
  /** One line: what it checks. */
  title: z.string().min(1),
  /** What the traveller wants, written for a model that plays the traveller. */
  goal: z.string().min(1),
  /** What it covers (tier, budget, dates, faq, handoff …), for reading the report. */
  tags: z.array(z.string()).default([]),
  setup: z.array(setupSchema).default([]),
  traveller: z.array(stepSchema).min(1),
  expect: expectedSchema,
  /** Turns a model-played traveller may take; default 10. */
  maxTurns: z.number().int().min(1).max(30).default(10),
}).strict();
export type Scenario = z.infer<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;

/** Setups that change what every traveller sees: a scenario with one runs alone. */
export function isExclusive(s: Scenario): boolean {
  return s.setup.some((x) => x.kind === 'sell_out' || x.kind === 'stop_sell' || x.kind === 'knowledge' || x.kind === 'group_rule');
}

/**
 * Validates scenarios written as TS data; ids must be unique.
 * @example export const scenarios = defineScenarios([{ id: 'book-comfort-zh', … }]);
 */
export function defineScenarios(input: ScenarioInput[]): Scenario[] {
  const out = input.map((s, i) => {
    const r = scenarioSchema.safeParse(s);
    if (!r.success) throw new Error(`scenario ${s.id ?? `#${i}`}: ${z.prettifyError(r.error)}`);
    return r.data;
  });
  const seen = new Set<string>();
  for (const s of out) {
    if (seen.has(s.id)) throw new Error(`scenario id ${s.id} is used twice`);
    seen.add(s.id);
  }
  return out;
}
