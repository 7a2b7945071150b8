// The composition root: configuration → database → jobs → services → HTTP, and a clean shutdown.
// The application is loaded only once the command line and the environment hold, so a mistake is told at once.
import type { Role } from './app.ts';
import { loadConfigOrExit, type Config } from './config.ts';

const USAGE = 'usage: tsx src/main.ts [--web | --worker]   (npm start | npm run start:web | npm run start:worker)';

/** The role the command line asks for: no flag runs both halves in one process. */
function roleOf(args: string[]): Role {
  const known = new Set(['--web', '--worker']);
  const unknown = args.filter((a) => !known.has(a));
  if (unknown.length || (args.includes('--web') && args.includes('--worker'))) {
    console.error(`Unknown or conflicting arguments: ${args.join(' ')}\n${USAGE}`);
    process.exit(2);
  }
  return args.includes('--web') ? 'web' : args.includes('--worker') ? 'worker' : 'all';
}

/** Web and worker processes apart share the database and the queue, so neither may be embedded. */
function assertApart(role: Role, config: Config): void {
  if (role === 'all') return;
  const missing = [
    !config.redisUrl && 'REDIS_URL (jobs must go through Redis: without it they run in-process, in the one process that queued them)',
    !config.databaseUrl && 'DATABASE_URL (the embedded database belongs to one process)',
  ].filter(Boolean);
  if (missing.length === 0) return;
  console.error(
    `The ${role} role runs apart from the ${role === 'web' ? 'workers' : 'web server'} and needs:\n${missing.map((m) => `  - ${m}`).join('\n')}\n` +
      'Set them, or run both in one process with npm start.',
  );
  process.exit(1);
}

async function main(): Promise<void> {
  const role = roleOf(process.argv.slice(2));
  const config = loadConfigOrExit(process.env);
  assertApart(role, config);
  const { startApp } = await import('./app.ts');
  const started = Date.now();
  const app = await startApp(config, { role });
  const lines = role === 'worker' ? [
    `TourDesk worker is running (ready in ${Date.now() - started} ms): WeChat turns, hold expiry, waiting notices, sweeps`,
    `  jobs:     BullMQ on Redis (REDIS_URL)`,
    `  health:   ${app.url}/healthz  ${app.url}/readyz  ${app.url}/metrics   (no other HTTP)`,
  ] : [
    `TourDesk ${role === 'web' ? 'web server (no job workers) ' : ''}is listening on ${app.url} (ready in ${Date.now() - started} ms)`,
    `  database: ${config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${config.dataDir}`}`,
    `  jobs:     ${config.redisUrl ? 'BullMQ on Redis (REDIS_URL)' : 'in-process'}`,
    `  web chat: ${app.url}/   (embed on another site: <script src="${app.url}/embed.js"></script>)`,
    `  agent console: ${app.url}/agent`,
    `  operator console: ${app.url}/operator`,
    `  health:   ${app.url}/healthz  ${app.url}/readyz  ${app.url}/metrics`,
    app.services.config.appApiKey
      ? `  app channel: POST ${app.url}/v1/app/messages with Authorization: Bearer ${config.appApiKey ? '$APP_API_KEY' : app.services.config.appApiKey}`
      : '  app channel: off (set APP_API_KEY)',
    `  API:      ${app.url}/v1/operator/login (operators, agents, admins), ${app.url}/v1/web/sessions (travellers)`,
    `  API docs: ${app.url}/docs   (OpenAPI 3.1: ${app.url}/openapi.json)`,
  ];
  if (app.demo && role !== 'worker') {
    lines.push(`  demo data: ${app.demo.hotels} hotels, ${app.demo.roomTypes} room types, ${app.demo.inventoryRows} nights of inventory`);
    lines.push('  demo logins:');
    for (const l of app.demo.logins) {
      lines.push(`    ${l.role.padEnd(8)} ${l.email.padEnd(26)} ${l.password ?? '(password set on first start; see DATA_DIR/demo-logins.json)'}${l.tenant ? `  (${l.tenant})` : ''}`);
    }
  }
  console.log(lines.join('\n'));

  let signals = 0;
  const shutdown = (signal: string) => {
    signals++;
    if (signals > 1) {
      console.error(`${signal} again: exiting now.`);
      process.exit(1);
    }
    console.log(`${signal}: finishing running requests, turns and jobs (at most ${config.shutdownGraceMs} ms; send it again to exit now)…`);
    app.stop().then(
      () => process.exit(0),
      (err) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err) => {
  console.error('TourDesk could not start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
