// The travellers' paths: web chat, app channel, WeChat, reservations, the booking link and the chat pages.
import { z } from 'zod';
import { messageBody as appMessageBody } from '../../../../channels/app/index.ts';
import { historyQuery } from '../../../../channels/web/router.ts';
import { messageBody as webMessageBody } from '../../../../channels/web/protocol.ts';
import { loginBody as wechatLoginBody } from '../../../../channels/wechat/login.ts';
import { messageBody as wechatMessageBody } from '../../../../channels/wechat/messages.ts';
import { acceptBody } from '../../../../channels/wechat/subscriptions.ts';
import { reservationBody } from '../../../booking/index.ts';
import { idempotencyKey } from '../../routers/reservations.ts';
import { sessionBody } from '../../routers/web-sessions.ts';
import { document } from '../registry.ts';
import { reservation, session, turnAnswer } from '../schemas.ts';

const html = { 200: { description: 'An HTML page', contentType: 'text/html' } };
const code = { code: z.string().regex(/^[A-Za-z0-9]{4,16}$/).meta({ description: 'A reservation code such as TD7K4Q2P' }) };
const signed = z.object({ signature: z.string(), timestamp: z.string(), nonce: z.string() });

document({ method: 'post', path: '/v1/web/sessions', tag: 'Web chat', summary: 'Start a web traveller session', body: sessionBody, responses: { 200: { description: 'A traveller token and a conversation', schema: session } } });
document({ method: 'post', path: '/v1/web/messages', tag: 'Web chat', summary: 'Send a message; get this turn\'s replies', auth: ['travellerBearer'], body: webMessageBody, responses: { 200: { description: 'The replies', schema: turnAnswer } } });
document({ method: 'get', path: '/v1/web/history', tag: 'Web chat', summary: 'The conversation so far', auth: ['travellerBearer'], query: historyQuery });
document({ method: 'get', path: '/', tag: 'Pages', summary: 'The web chat page (`?embed=1` inside an operator\'s site, `?lang=en`)', responses: html });
document({ method: 'get', path: '/embed.js', tag: 'Pages', summary: 'The script that embeds the web chat on an operator\'s site', responses: { 200: { description: 'JavaScript', contentType: 'text/javascript' } } });
document({ method: 'get', path: '/agent', tag: 'Pages', summary: 'The agent console', responses: html });

document({
  method: 'post', path: '/v1/app/messages', tag: 'App channel', summary: 'Relay an app user\'s message; get every reply of the turn',
  auth: ['appKey'], body: appMessageBody, responses: { 200: { description: 'The conversation and the replies', schema: turnAnswer } },
});
document({
  method: 'get', path: '/v1/app/conversations/:id/events', tag: 'App channel', summary: 'Later messages of a conversation (Server-Sent Events)',
  auth: ['appKey'], params: { id: z.uuid() }, responses: { 200: { description: '`event: message` with a Reply as data', contentType: 'text/event-stream' } },
});

document({
  method: 'get', path: '/v1/wechat/callback', tag: 'WeChat', summary: 'The message-push URL check: answers echostr when the signature holds',
  query: signed.extend({ echostr: z.string() }), errors: { 401: 'the signature does not hold' },
  responses: { 200: { description: 'echostr, verbatim', contentType: 'text/plain' } },
});
document({
  method: 'post', path: '/v1/wechat/callback', tag: 'WeChat', summary: 'A message push (JSON or XML, plaintext or safe mode): answered `success`, replied later',
  query: signed.partial().extend({ encrypt_type: z.literal('aes').optional(), msg_signature: z.string().optional(), openid: z.string().optional() }),
  rawBody: { contentTypes: ['text/xml', 'application/json'], description: 'WeChat\'s push; in safe mode `Encrypt` holds the AES-256-CBC envelope.' },
  errors: { 401: 'the signature, msg_signature or timestamp does not hold', 503: 'unavailable: the push could not be queued (WeChat retries)' },
  responses: { 200: { description: '`success`', contentType: 'text/plain' } },
});
document({ method: 'post', path: '/v1/wechat/login', tag: 'WeChat', summary: 'Sign in with wx.login\'s code (code2Session)', body: wechatLoginBody, errors: { 401: 'WeChat refused the code', 503: 'WeChat did not answer' }, responses: { 200: { description: 'A traveller token and a conversation', schema: session } } });
document({ method: 'post', path: '/v1/wechat/messages', tag: 'WeChat', summary: 'The mini-program\'s own chat: send a message, get the replies', auth: ['travellerBearer'], body: wechatMessageBody, responses: { 200: { description: 'The replies', schema: turnAnswer } } });
document({ method: 'post', path: '/v1/wechat/subscriptions', tag: 'WeChat', summary: 'The traveller accepted a booking confirmation notice', auth: ['travellerBearer'], body: acceptBody });

document({
  method: 'post', path: '/v1/reservations', tag: 'Reservations', summary: 'Book a stay',
  description: 'The same Idempotency-Key again returns the same reservation, never a second.',
  auth: ['travellerBearer', 'staffBearer'], body: reservationBody, headers: z.object({ 'Idempotency-Key': idempotencyKey.optional() }),
  errors: { 409: 'sold_out, quote_expired or quote_used', 422: 'capacity_exceeded or idempotency_key_reused' },
  responses: { 201: { description: 'The reservation', schema: reservation } },
});
document({ method: 'get', path: '/v1/reservations/:code', tag: 'Reservations', summary: 'A reservation (its traveller, its hotel\'s staff, an admin)', auth: ['travellerBearer', 'staffBearer'], params: code, responses: { 200: { description: 'The reservation', schema: reservation } } });
document({ method: 'post', path: '/v1/reservations/:code/cancel', tag: 'Reservations', summary: 'Cancel: the rooms go back once', auth: ['travellerBearer', 'staffBearer'], params: code, errors: { 409: 'not_cancellable' }, responses: { 200: { description: 'The cancelled reservation', schema: reservation } } });
document({ method: 'get', path: '/v1/quotes/:token', tag: 'Reservations', summary: 'A quote of the booking link', params: { token: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/) } });
document({ method: 'get', path: '/b/:token', tag: 'Pages', summary: 'The booking link\'s page: the server\'s quote, booked through POST /v1/reservations', params: { token: z.string() }, responses: html });
document({ method: 'get', path: '/operator', tag: 'Pages', summary: 'The operator console', responses: html });
document({ method: 'get', path: '/operator/assets/uplot.js', tag: 'Pages', summary: 'The chart library of the operator console (cached for a year)', responses: { 200: { description: 'JavaScript', contentType: 'text/javascript' } } });
document({ method: 'get', path: '/operator/assets/uplot.css', tag: 'Pages', summary: 'The chart library\'s stylesheet', responses: { 200: { description: 'CSS', contentType: 'text/css' } } });
