// Runs scenarios k times each: scenarios side by side up to `concurrency`, a scenario's trials one after another,
// and a scenario whose setup changes what everyone sees (a sold-out night, a tenant rule) alone.
import type { Environment } from './environment.ts';
import { overall, summarize } from './metrics.ts';
import { promptVersions } from './prompt-version.ts';
import type { Report } from './report.ts';
import { isExclusive, type Scenario } from './scenarios/schema.ts';
import { runTrial, type TravellerKind, type TrialResult } from './trial.ts';

/** Options of {@link runSuite}. */
export interface SuiteOptions {
  k: number;
  concurrency: number;
  /** The first trial's seed; trial i uses seed + i. */
  seed: number;
  traveller: TravellerKind;
  /** Told after each scenario. */
  onScenario?: (scenario: Scenario, trials: TrialResult[]) => void;
}

/** Lets many shared holders in at once, or one exclusive holder alone. */
class SharedOrExclusive {
  #shared = 0;
  #exclusive = false;
  #waiting: Array<() => void> = [];

  async run<T>(exclusive: boolean, task: () => Promise<T>): Promise<T> {
    while (this.#exclusive || (exclusive && this.#shared > 0)) await new Promise<void>((r) => this.#waiting.push(r));
    if (exclusive) this.#exclusive = true;
    else this.#shared += 1;
    try {
      return await task();
    } finally {
      if (exclusive) this.#exclusive = false;
      else this.#shared -= 1;
      for (const wake of this.#waiting.splice(0)) wake();
    }
  }
}

/**
 * Runs every scenario `k` times against `env` and builds the report.
 * @example const report = await runSuite(env, scenarios, { k: 4, concurrency: 4, seed: 0, traveller: { kind: 'scripted' } });
 */
export async function runSuite(env: Environment, scenarios: readonly Scenario[], opts: SuiteOptions): Promise<Report> {
  const started = Date.now();
  const results = new Map<string, TrialResult[]>();
  const gate = new SharedOrExclusive();
  // Exclusive scenarios first: they wait for nobody at the start and hold up nobody at the end.
  const queue = [...scenarios].sort((a, b) => Number(isExclusive(b)) - Number(isExclusive(a)));
  const worker = async () => {
    for (let s = queue.shift(); s; s = queue.shift()) {
      const scenario = s;
      const trials = await gate.run(isExclusive(scenario), async () => {
        const out: TrialResult[] = [];
        for (let i = 0; i < opts.k; i++) out.push(await runTrial(env, scenario, i, opts.seed + i, opts.traveller));
        return out;
      });
      results.set(scenario.id, trials);
      opts.onScenario?.(scenario, trials);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency, scenarios.length)) }, worker));

  const versions = await promptVersions(env.db, env.services.config.hotelTimeZone);
  const llm = env.services.config.llm;
  const ordered = scenarios.map((s) => ({ s, trials: results.get(s.id)! }));
  return {
    format: 'tourdesk-eval/1',
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    concierge: llm
      ? { model: env.modelName, kind: 'openai-compatible', baseUrl: llm.baseUrl }
      : { model: env.modelName, kind: env.model.name === 'offline' ? 'offline' : 'custom' },
    promptVersion: versions.prompt,
    toolsVersion: versions.tools,
    traveller: opts.traveller.kind === 'model' ? { kind: 'model', model: opts.traveller.config.model } : { kind: 'scripted' },
    engine: env.engine,
    k: opts.k,
    seed: opts.seed,
    overall: overall(ordered.map((x) => x.trials)),
    scenarios: ordered.map(({ s, trials }) => ({
      id: s.id, lang: s.lang, title: s.title, kind: s.expect.kind, tags: s.tags, summary: summarize(trials), trials,
    })),
  };
}
