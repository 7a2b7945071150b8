// Real headless Chromium (Debian's, never a downloaded one) for browser tests, and an app served at its own PUBLIC_URL.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { attachWebChat, type WebChatEndpoint } from '../../channels/web/index.ts';
import { startTestApp, type TestApp, type TestAppOptions } from './app.ts';

/** Where Debian's `chromium` package puts the browser (`.ci/run` installs it with fonts-wqy-microhei). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** The flags STACK.md names: no sandbox (containers), no GPU, and nothing that reaches the network on its own. */
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** Why the browser tests cannot run on this machine, or null when they can. */
export function browserUnavailable(): string | null {
  return existsSync(CHROMIUM_PATH) ? null : `${CHROMIUM_PATH} is missing (apt-get install -y chromium fonts-wqy-microhei)`;
}

/** A browser with a profile of its own. */
export interface TestBrowser {
  context: BrowserContext;
  /** Closes the browser and deletes its profile. */
  close(): Promise<void>;
}

/**
 * Starts Chromium on a fresh user-data-dir. Playwright takes the directory as an argument of
 * launchPersistentContext (it refuses `--user-data-dir` among `args`), which is also where the device is set.
 * @example const b = await launchBrowser({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' }); afterAll(() => b.close());
 */
export async function launchBrowser(options: Parameters<typeof chromium.launchPersistentContext>[1] = {}): Promise<TestBrowser> {
  const profile = await mkdtemp(join(tmpdir(), 'tourdesk-chromium-'));
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS, timeout: 30_000, ...options,
    });
    return {
      context,
      async close() {
        await context.close().catch(() => undefined);
        await rm(profile, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await rm(profile, { recursive: true, force: true });
    throw err;
  }
}

/** A test app a browser can use: listening, its booking links pointing at itself, with the chat's socket. */
export interface BrowsableApp {
  t: TestApp;
  url: string;
  server: Server;
  chat: WebChatEndpoint;
  close(): Promise<void>;
}

/**
 * Listens first, so PUBLIC_URL (the base of booking links in cards) can be the server's own address.
 * @example const app = await startBrowsableApp({ env: { LLM_BASE_URL: llm.url } }); await page.goto(app.url);
 */
export async function startBrowsableApp(opts: TestAppOptions = {}): Promise<BrowsableApp> {
  const server = createServer();
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const t = await startTestApp({ ...opts, env: { ...opts.env, PUBLIC_URL: url } });
  server.on('request', t.app);
  const chat = attachWebChat(server, t.services);
  return {
    t, url, server, chat,
    async close() {
      await chat.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await t.close();
    },
  };
}
