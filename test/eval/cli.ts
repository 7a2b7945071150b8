// `npm run eval`: run the scenarios (or compare two reports), print the table, write JSON and HTML, gate on thresholds.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ConfigError } from '../../src/config.ts';
import { parseEvalArgs, USAGE, UsageError, type EvalArgs } from './args.ts';
import { compareReports } from './compare.ts';
import { openEnvironment } from './environment.ts';
import { readReport, ReportError, type Report } from './report.ts';
import { compareHtml, reportHtml, textReport } from './render/index.ts';
import { scenarios as allScenarios, select, type Scenario } from './scenarios/index.ts';
import { runSuite } from './suite.ts';
import { travellerModelConfig } from './traveller/index.ts';
import type { TravellerKind } from './trial.ts';

/** Where the command writes. */
export interface Io {
  out(line: string): void;
  err(line: string): void;
}

const consoleIo: Io = { out: (l) => console.log(l), err: (l) => console.error(l) };

async function write(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text);
}

/** Exit 1 and say why when the report is under a threshold. */
function gate(report: Report, args: EvalArgs, io: Io): number {
  const below: string[] = [];
  if (args.minPass !== undefined && report.overall.passK < args.minPass) below.push(`pass^${report.k} ${report.overall.passK} < --min-pass ${args.minPass}`);
  if (args.minPass1 !== undefined && report.overall.pass1 < args.minPass1) below.push(`pass^1 ${report.overall.pass1} < --min-pass1 ${args.minPass1}`);
  for (const b of below) io.err(`eval: below the threshold: ${b}`);
  return below.length ? 1 : 0;
}

async function compare(args: EvalArgs, io: Io): Promise<number> {
  const [a, b] = await Promise.all(args.compare!.map(readReport));
  const diff = compareReports(a!, b!);
  io.out(diff.text);
  if (args.html) {
    await write(args.html, compareHtml(diff));
    io.out(`\nWrote ${args.html}`);
  }
  return 0;
}

function listScenarios(list: readonly Scenario[], io: Io): number {
  for (const s of list) io.out(`${s.id.padEnd(34)} ${s.lang}  ${s.expect.kind.padEnd(15)} ${s.title}`);
  io.out(`${list.length} scenarios`);
  return 0;
}

/**
 * Runs the command with `argv`; resolves to the exit code (0 passed, 1 under a threshold, 2 usage or crash).
 * @example process.exit(await main(process.argv.slice(2)));
 */
export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env, io: Io = consoleIo): Promise<number> {
  try {
    const args = parseEvalArgs(argv);
    if (args.help) {
      io.out(USAGE);
      return 0;
    }
    if (args.compare) return await compare(args, io);
    let chosen: Scenario[];
    try {
      chosen = select(allScenarios, { only: args.only, lang: args.lang });
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    if (chosen.length === 0) throw new UsageError('no scenario selected');
    if (args.list) return listScenarios(chosen, io);
    let traveller: TravellerKind = { kind: 'scripted' };
    if (args.traveller === 'model') {
      const config = travellerModelConfig(env);
      if (!config) throw new UsageError('--traveller model needs EVAL_TRAVELLER_BASE_URL or LLM_BASE_URL');
      traveller = { kind: 'model', config };
    }

    const environment = await openEnvironment({ env, beijingLimit: args.beijingLimit, nights: args.nights });
    // Interrupted: the temporary database goes too.
    const interrupted = () => void environment.close().finally(() => process.exit(130));
    process.once('SIGINT', interrupted);
    process.once('SIGTERM', interrupted);
    let report: Report;
    try {
      io.err(`eval: ${chosen.length} scenarios × ${args.k} on ${environment.engine}, concierge ${environment.modelName}`);
      let done = 0;
      report = await runSuite(environment, chosen, {
        k: args.k, concurrency: args.concurrency, seed: args.seed, traveller,
        onScenario: (s, trials) => {
          done += 1;
          io.err(`  [${done}/${chosen.length}] ${s.id}: ${trials.filter((t) => t.passed).length}/${trials.length}`);
        },
      });
    } finally {
      process.off('SIGINT', interrupted);
      process.off('SIGTERM', interrupted);
      await environment.close();
    }
    io.out(textReport(report));
    if (args.out) {
      await write(args.out, `${JSON.stringify(report, null, 2)}\n`);
      io.out(`Wrote ${args.out}`);
    }
    if (args.html) {
      await write(args.html, reportHtml(report));
      io.out(`Wrote ${args.html}`);
    }
    return gate(report, args, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`eval: ${err.message}\n\n${USAGE}`);
      return 2;
    }
    if (err instanceof ReportError || err instanceof ConfigError) {
      io.err(`eval: ${err.message}`);
      return 2;
    }
    io.err(`eval failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return 2;
  }
}
