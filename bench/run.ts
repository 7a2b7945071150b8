// Runs the booking, search, cold-start, bot-turn, offline-turns, handoff-latency and operator benches one after another, each in its own process, passing the flags through.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseFlags, printTable, runMain, secs } from './lib.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const BENCHES = ['booking', 'search', 'cold-start', 'bot-turn', 'offline-turns', 'handoff-latency', 'operator'] as const;
/** Flags only bench/bot-turn.ts knows (lib.ts's shared parser would reject them), and whether each takes a value. */
const BOT_TURN_FLAGS: Record<string, boolean> = { conversations: true, turns: true, 'model-delay': true, via: true, pool: true, profile: false, 'cpu-profile': true };

/** Flags only bench/handoff-latency.ts knows, and whether each takes a value. */
const HANDOFF_LATENCY_FLAGS: Record<string, boolean> = { handoffs: true, 'warmup-handoffs': true };

/** Flags only bench/operator.ts knows, and whether each takes a value. */
const OPERATOR_FLAGS: Record<string, boolean> = { repeat: true, 'seed-conversations': true };

const allArgs = process.argv.slice(2);
const botTurnArgs: string[] = [];
const handoffArgs: string[] = [];
const operatorArgs: string[] = [];
const argv: string[] = [];
for (let i = 0; i < allArgs.length; i++) {
  const name = /^--([^=]+)/.exec(allArgs[i]!)?.[1];
  const own = name === undefined ? undefined
    : name in BOT_TURN_FLAGS ? BOT_TURN_FLAGS : name in HANDOFF_LATENCY_FLAGS ? HANDOFF_LATENCY_FLAGS : name in OPERATOR_FLAGS ? OPERATOR_FLAGS : undefined;
  if (name === undefined || !own) argv.push(allArgs[i]!);
  else {
    const into = own === BOT_TURN_FLAGS ? botTurnArgs : own === HANDOFF_LATENCY_FLAGS ? handoffArgs : operatorArgs;
    into.push(allArgs[i]!);
    if (own[name] && !allArgs[i]!.includes('=') && i + 1 < allArgs.length) into.push(allArgs[++i]!);
  }
}
const flags = parseFlags(argv);
const only = flags.raw.only?.split(',').map((s) => s.trim()).filter(Boolean);
const unknown = only?.filter((b) => !(BENCHES as readonly string[]).includes(b));
if (unknown?.length) {
  console.error(`--only: unknown bench ${unknown.join(', ')} (choose from ${BENCHES.join(', ')})`);
  process.exit(2);
}
const selected = BENCHES.filter((b) => !only || only.includes(b));
const passThrough = argv.filter((a, i) => !(a === '--only' || a.startsWith('--only=') || argv[i - 1] === '--only'));

let child: ReturnType<typeof spawn> | undefined;
let interrupted = false;
process.on('SIGINT', () => {
  // The child gets the terminal's SIGINT too and cleans up after itself; only stop starting new benches.
  interrupted = true;
});

async function main(): Promise<void> {
  const results: string[][] = [['bench', 'exit', 'wall time']];
  for (const name of selected) {
    if (interrupted) break;
    const args = name === 'bot-turn' ? [...passThrough, ...botTurnArgs]
      : name === 'handoff-latency' ? [...passThrough, ...handoffArgs]
      : name === 'operator' ? [...passThrough, ...operatorArgs] : passThrough;
    console.log(`\n=== bench/${name}.ts ${args.join(' ')}`.trimEnd());
    const t0 = performance.now();
    child = spawn(TSX, [join('bench', `${name}.ts`), ...args], { cwd: ROOT, stdio: 'inherit' });
    const code = await new Promise<number | null>((resolve) => child!.once('exit', (c, signal) => resolve(c ?? (signal ? 128 : null))));
    child = undefined;
    results.push([name, String(code), secs(performance.now() - t0)]);
    if (code !== 0) process.exitCode = 1;
  }
  console.log('\n=== summary');
  printTable(results);
}

runMain('bench/run.ts', main);
