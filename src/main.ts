// The composition root: configuration → database → jobs → services → HTTP, and a clean shutdown.
import { startApp } from './app.ts';
import { loadConfigOrExit } from './config.ts';

async function main(): Promise<void> {
  const config = loadConfigOrExit(process.env);
  const started = Date.now();
  const app = await startApp(config);
  const lines = [
    `TourDesk is listening on ${app.url} (ready in ${Date.now() - started} ms)`,
    `  database: ${config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${config.dataDir}`}`,
    `  jobs:     ${config.redisUrl ? 'BullMQ on Redis (REDIS_URL)' : 'in-process'}`,
    `  web chat: ${app.url}/   (embed on another site: <script src="${app.url}/embed.js"></script>)`,
    `  agent console: ${app.url}/agent`,
    `  health:   ${app.url}/healthz  ${app.url}/readyz`,
    app.services.config.appApiKey
      ? `  app channel: POST ${app.url}/v1/app/messages with Authorization: Bearer ${config.appApiKey ? '$APP_API_KEY' : app.services.config.appApiKey}`
      : '  app channel: off (set APP_API_KEY)',
    `  API:      ${app.url}/v1/operator/login (operators, agents, admins), ${app.url}/v1/web/sessions (travellers)`,
  ];
  if (app.demo) {
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
    console.log(`${signal}: finishing running requests and jobs…`);
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
