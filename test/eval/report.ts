// The report of a run as JSON: what ran against what, each scenario's trials and summary, and the overall summary.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';

const summary = z.object({
  trials: z.number(), pass1: z.number(), passK: z.number(), handoffRate: z.number(), guardHits: z.number(),
  turns: z.number(), latencyP50: z.number(), latencyP95: z.number(),
});

const trial = z.object({
  trial: z.number(), seed: z.number(), passed: z.boolean(), failures: z.array(z.string()), handoff: z.string().nullable(),
  guardHits: z.number(), turns: z.number(), latenciesMs: z.array(z.number()), ended: z.string(), note: z.string().optional(),
  reservations: z.array(z.record(z.string(), z.unknown())),
  transcript: z.array(z.object({ who: z.enum(['traveller', 'bot']), text: z.string() })),
});

/** The report's format: `--compare` reads two of these. */
export const reportSchema = z.object({
  format: z.literal('tourdesk-eval/1'),
  startedAt: z.string(),
  durationMs: z.number(),
  /** The concierge: the offline model or an OpenAI-compatible one (its LLM_MODEL and base URL). */
  concierge: z.object({ model: z.string(), kind: z.enum(['offline', 'openai-compatible', 'custom']), baseUrl: z.string().optional() }),
  /** Short hashes of the system prompt text and of the tools' schemas. */
  promptVersion: z.string(),
  toolsVersion: z.string(),
  traveller: z.object({ kind: z.enum(['scripted', 'model']), model: z.string().optional() }),
  engine: z.string(),
  k: z.number(),
  seed: z.number(),
  overall: summary,
  scenarios: z.array(z.object({
    id: z.string(), lang: z.string(), title: z.string(), kind: z.string(), tags: z.array(z.string()),
    summary, trials: z.array(trial),
  })),
});
export type Report = z.infer<typeof reportSchema>;
export type ScenarioReport = Report['scenarios'][number];

/** A report file that is missing or not a report: said once, with what is wrong. */
export class ReportError extends Error {}

/**
 * Reads and checks a report written by `--out`.
 * @example const before = await readReport('baseline.json');
 */
export async function readReport(path: string): Promise<Report> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new ReportError(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ReportError(`${path} is not JSON`);
  }
  const r = reportSchema.safeParse(json);
  if (!r.success) throw new ReportError(`${path} is not an evaluation report: ${z.prettifyError(r.error).split('\n').slice(0, 4).join('; ')}`);
  return r.data;
}
