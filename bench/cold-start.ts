// Cold start: spawn `tsx src/main.ts` on embedded PGlite until /readyz answers 200, first run and reopens, against bare tsx.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fmt, parseFlags, printTable, runMain, verdict } from './lib.ts';

const GOAL_REOPEN_MS = 3000;
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

const flags = parseFlags();
const RUNS = flags.num('runs', 3, 1);
/** Longest a start may take before the bench gives up on it. */
const START_TIMEOUT_MS = 180_000;
/** Longest a stop may take after SIGTERM before the bench kills the process group. */
const STOP_TIMEOUT_MS = 15_000;

let current: ChildProcess | undefined;
let interrupted = false;
process.once('SIGINT', () => {
  interrupted = true;
  console.error('\nSIGINT: stopping the child and cleaning up…');
  if (current?.pid && current.exitCode === null) process.kill(current.pid, 'SIGTERM');
});

/** The environment of `npm start` on a fresh machine: embedded PGlite, in-process jobs, port 0, its own DATA_DIR. */
function appEnv(dataDir: string): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of ['DATABASE_URL', 'REDIS_URL', 'DATA_KEY', 'SEED_DEMO', 'PUBLIC_URL', 'LOG_LEVEL', 'ADMIN_EMAIL', 'ADMIN_PASSWORD', 'LLM_BASE_URL']) delete env[k];
  return { ...env, PORT: '0', DATA_DIR: dataDir };
}

function exited(child: ChildProcess): Promise<number | null> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve(child.exitCode)
    : new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** SIGTERM, wait for the exit; SIGKILL the child's process group if it takes longer than STOP_TIMEOUT_MS. */
async function stop(child: ChildProcess): Promise<{ ms: number; forced: boolean }> {
  const t0 = performance.now();
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const forced = await Promise.race([
    exited(child).then(() => false),
    new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), STOP_TIMEOUT_MS))),
  ]);
  clearTimeout(timer);
  const ms = performance.now() - t0;
  // tsx runs the script in a child node process of its own; make sure nothing of the group is left behind.
  if (child.pid) {
    try {
      process.kill(-child.pid, forced ? 'SIGKILL' : 0);
      if (!forced) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // the group is gone: the normal case
    }
  }
  if (forced) await exited(child);
  return { ms, forced };
}

/** Time for tsx to run a file that prints and exits. */
async function bareTsx(file: string): Promise<number> {
  const t0 = performance.now();
  const child = spawn(TSX, [file], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  current = child;
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  const code = await exited(child);
  const ms = performance.now() - t0;
  if (code !== 0 || !out.includes('hello')) throw new Error(`the baseline script failed (exit ${code}): ${out}`);
  return ms;
}

interface StartResult {
  listeningMs: number;
  readyMs: number;
  /** The app's own "ready in N ms" (startApp only, after the modules loaded). */
  appReadyMs: number;
  stopMs: number;
  stopForced: boolean;
  demo: string | undefined;
}

/** Spawns the app on `dataDir`, waits for /readyz 200, stops it. */
async function startOnce(dataDir: string): Promise<StartResult> {
  const t0 = performance.now();
  const child = spawn(TSX, ['src/main.ts'], { cwd: ROOT, env: appEnv(dataDir), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  current = child;
  let output = '';
  let url: string | undefined;
  let listeningMs = NaN;
  let appReadyMs = NaN;
  const onData = (c: Buffer) => {
    output += c.toString();
    if (!url) {
      const m = /listening on (http:\/\/\S+?)(?: |$)/m.exec(output);
      if (m) {
        url = m[1]!.replace('localhost', '127.0.0.1');
        listeningMs = performance.now() - t0;
        appReadyMs = Number(/\(ready in (\d+) ms\)/.exec(output)?.[1]);
      }
    }
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  try {
    let readyMs = NaN;
    const deadline = t0 + START_TIMEOUT_MS;
    while (Number.isNaN(readyMs)) {
      if (interrupted) throw new Error('interrupted');
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the app exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${output.slice(-2000)}`);
      if (performance.now() > deadline) throw new Error(`the app was not ready after ${START_TIMEOUT_MS / 1000} s:\n${output.slice(-2000)}`);
      if (url) {
        const ok = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2000) }).then((r) => r.status === 200, () => false);
        if (ok) {
          readyMs = performance.now() - t0;
          break;
        }
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    const demo = /demo data: ([^\n]+)/.exec(output)?.[1];
    const s = await stop(child);
    return { listeningMs, readyMs, appReadyMs, stopMs: s.ms, stopForced: s.forced, demo };
  } finally {
    if (child.exitCode === null && child.signalCode === null) await stop(child);
    child.stdout!.off('data', onData);
    child.stderr!.off('data', onData);
    current = undefined;
  }
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'td-cold-start-'));
  const dataDir = join(dir, 'data');
  try {
    console.log(`cold-start bench: ${TSX} src/main.ts, embedded PGlite, DATA_DIR ${dataDir}`);
    const hello = join(dir, 'hello.ts');
    await writeFile(hello, "const greeting: string = 'hello';\nconsole.log(greeting);\n");
    const base: number[] = [];
    for (let i = 0; i < 3; i++) base.push(await bareTsx(hello));
    const baseMs = [...base].sort((a, b) => a - b)[1]!;
    console.log(`baseline: tsx hello.ts ${base.map((m) => `${fmt(m, 0)} ms`).join(', ')}`);

    const runs: Array<[string, StartResult]> = [];
    console.log('first start (fresh DATA_DIR: data key, migrations, demo seed) …');
    const first = await startOnce(dataDir);
    runs.push(['first (fresh DATA_DIR)', first]);
    console.log(`    /readyz 200 after ${fmt(first.readyMs, 0)} ms${first.demo ? `; demo data: ${first.demo}` : ''}`);
    for (let i = 1; i <= RUNS && !interrupted; i++) {
      const r = await startOnce(dataDir);
      runs.push([`reopen ${i}`, r]);
      console.log(`    reopen ${i}: /readyz 200 after ${fmt(r.readyMs, 0)} ms`);
    }

    console.log('\nCold start of `tsx src/main.ts` (embedded PGlite, demo data), times from spawn');
    printTable([
      ['run', '"listening" ms', '/readyz 200 ms', 'app "ready in" ms', 'vs bare tsx', 'SIGTERM→exit ms'],
      ...base.map((m, i) => [`baseline: tsx hello.ts #${i + 1}`, '—', fmt(m, 0), '—', '—', '—']),
      ...runs.map(([name, r]) => [
        name, fmt(r.listeningMs, 0), fmt(r.readyMs, 0), fmt(r.appReadyMs, 0), `${fmt(r.readyMs / baseMs, 1)}×`,
        `${fmt(r.stopMs, 0)}${r.stopForced ? ' (killed)' : ''}`,
      ]),
    ]);
    const reopens = runs.slice(1).map(([, r]) => r.readyMs);
    if (reopens.length) {
      const worst = Math.max(...reopens);
      const median = [...reopens].sort((a, b) => a - b)[Math.floor(reopens.length / 2)]!;
      console.log(`goal: reopen < ${GOAL_REOPEN_MS / 1000} s → median ${fmt(median, 0)} ms, worst ${fmt(worst, 0)} ms: ${verdict(worst < GOAL_REOPEN_MS)} (bare tsx median ${fmt(baseMs, 0)} ms)`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

runMain('cold-start bench', main);
