// Every channel adapter runs the shared conformance suite (channel.case.ts); a channel without a driver yet is skipped, saying why.
import { existsSync } from 'node:fs';
import { describe, it } from 'vitest';
import { attachWebChat } from '../../channels/web/index.ts';
import { openChatSocket } from '../../channels/web/client.ts';
import { traveller } from '../support/conversation.ts';
import { runChannelConformance, type ChannelDriver } from './channel.case.ts';

/** The app channel: the app's backend relays each message with the server key (`POST /v1/app/messages`). */
const appDriver: ChannelDriver = {
  name: 'app (HTTP)',
  channel: 'app',
  richCards: true,
  async start(h) {
    const user = traveller(h.app, 'conformance-app-user');
    return { say: (text, payload) => user.says(text, payload === undefined ? {} : { payload }) };
  },
};

/** The web chat: a session, then every message over the WebSocket. */
const webDriver: ChannelDriver = {
  name: 'web (WebSocket)',
  channel: 'web',
  richCards: true,
  async start(h) {
    const endpoint = attachWebChat(h.server, h.app.services);
    const session = await fetch(`${h.url}/v1/web/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    const { token } = (await session.json()) as { token: string };
    const socket = await openChatSocket(h.url, token, { lastSeq: 0 });
    await socket.ready;
    return {
      say: (text, payload) => socket.say(text, payload === undefined ? {} : { payload }),
      async close() {
        await socket.close();
        await endpoint.close();
      },
    };
  },
};

runChannelConformance(appDriver);
runChannelConformance(webDriver);

// ---- WeChat: its drivers are written with the WeChat channel, each exporting `driver: ChannelDriver` ----
// - customer-service message push, through a fake WeChat API server that checks every call;
// - the mini-program's own API (`/v1/wechat/login`, `/v1/wechat/messages`).
const WECHAT_DRIVERS = [
  { name: 'wechat push', file: './drivers/wechat-push.ts' },
  { name: 'wechat mini-program', file: './drivers/wechat-miniprogram.ts' },
];

for (const { name, file } of WECHAT_DRIVERS) {
  const url = new URL(file, import.meta.url);
  if (existsSync(url)) {
    const mod = (await import(url.href)) as { driver: ChannelDriver };
    runChannelConformance(mod.driver);
  } else {
    const reason = 'WeChat driver: not yet in this suite';
    console.log(`channel conformance: ${name} skipped: ${reason} (test/conformance/${file.slice(2)} is missing)`);
    describe.skip(`channel conformance: ${name} (${reason})`, () => {
      it('runs the scripted traveller', () => undefined);
    });
  }
}
