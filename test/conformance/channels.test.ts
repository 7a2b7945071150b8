// Every channel adapter runs the shared conformance suite (channel.case.ts): app, web, WeChat push and the mini-program.
import { attachWebChat } from '../../channels/web/index.ts';
import { openChatSocket } from '../../channels/web/client.ts';
import { traveller } from '../support/conversation.ts';
import { runChannelConformance, type ChannelDriver } from './channel.case.ts';
import { driver as miniProgramDriver } from './drivers/wechat-miniprogram.ts';
import { driver as wechatPushDriver } from './drivers/wechat-push.ts';

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

// WeChat: customer-service message push (through a fake WeChat API server that checks every call), and the
// mini-program's own API (`/v1/wechat/login`, `/v1/wechat/messages`).
runChannelConformance(wechatPushDriver);
runChannelConformance(miniProgramDriver);
