// The console's WebSocket `/v1/agent/ws?token=…`: a staff token checked before the upgrade, then the desk events
// (the `agents` topic) of the agent's tenant — every tenant's for admins and platform agents. An agent is online
// while a socket of it is open (kept in PostgreSQL with a heartbeat, so every instance knows).
import { randomUUID } from 'node:crypto';
import { STATUS_CODES, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { AGENT_TOPIC, PRESENCE_HEARTBEAT_MS } from '../../src/handoff/index.ts';
import { seesTenant } from '../../src/handoff/scope.ts';
import { verifyToken } from '../../src/security/index.ts';
import type { Services } from '../../src/services.ts';

/** Path of the console's socket. */
export const AGENT_WS_PATH = '/v1/agent/ws';

/** The attached endpoint. */
export interface AgentConsoleEndpoint {
  readonly connections: number;
  /** This instance's name in the presence table. */
  readonly instanceId: string;
  /** Refreshes this instance's agents now (the heartbeat's work). */
  heartbeat(): Promise<void>;
  /** Closes every socket (1001) and stops taking new ones. */
  close(): Promise<void>;
}

function refuse(socket: Duplex, status: number, error: string, message: string): void {
  const body = JSON.stringify({ error, message });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/**
 * Serves the console's socket on `server`'s `upgrade` event; other paths are left to their own listeners.
 * @example const console = attachAgentConsole(server, services); // on shutdown: await console.close();
 */
export function attachAgentConsole(server: Server, s: Services, opts: { pingIntervalMs?: number; heartbeatMs?: number } = {}): AgentConsoleEndpoint {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024, perMessageDeflate: false });
  const instanceId = `console-${randomUUID()}`;
  const warn = (what: string) => (err: unknown) => s.logger.warn({ err }, `agent console: ${what}`);
  const beat = () => s.agentDesk.heartbeat(instanceId);
  const heartbeat = setInterval(() => void beat().catch(warn('heartbeat')), opts.heartbeatMs ?? PRESENCE_HEARTBEAT_MS);
  heartbeat.unref();
  // A handoff queued anywhere is offered at once by the instances that have agents online.
  const offOffers = s.events.subscribe(AGENT_TOPIC, (event) => {
    if ((event as { type?: string }).type === 'handoff.queued' && wss.clients.size > 0) void s.agentDesk.offer().catch(warn('offer'));
  });

  async function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== AGENT_WS_PATH) {
      if (server.listenerCount('upgrade') === 1) refuse(socket, 404, 'not_found', 'No such endpoint.');
      return;
    }
    const onSocketError = () => socket.destroy();
    socket.on('error', onSocketError);
    const token = url.searchParams.get('token') ?? /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const who = token ? await verifyToken(s.keys, token, s.clock.now()) : null;
    if (!who) return refuse(socket, 401, 'unauthorized', 'A valid staff token is required.');
    if (who.kind !== 'staff' || (who.role !== 'agent' && who.role !== 'admin')) {
      return refuse(socket, 403, 'forbidden', 'Only agents and admins work the agents\' desk.');
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      socket.off('error', onSocketError);
      const staff = { userId: who.userId, role: who.role, tenantId: who.tenantId };
      const opened = s.agentDesk.socketOpened(staff, instanceId).catch(warn('presence'));
      const off = s.events.subscribe(AGENT_TOPIC, (event) => {
        const e = event as { tenantId?: string | null };
        if (ws.readyState === ws.OPEN && seesTenant(who, e.tenantId ?? null)) ws.send(JSON.stringify(event));
      });
      let alive = true;
      ws.on('pong', () => (alive = true));
      const ping = setInterval(() => {
        if (!alive) return ws.terminate();
        alive = false;
        ws.ping();
      }, opts.pingIntervalMs ?? 30_000);
      ping.unref();
      ws.on('close', () => {
        clearInterval(ping);
        off();
        void opened.then(() => s.agentDesk.socketClosed(who.userId, instanceId)).catch(warn('presence'));
      });
      // The subscription is live and the agent is recorded online: the console reloads the queue and the presence
      // now, so nothing queued meanwhile is missed and the agent counts itself.
      Promise.all([off.ready, opened]).then(() => ws.readyState === ws.OPEN && ws.send(JSON.stringify({ type: 'ready' }))).catch(() => undefined);
    });
  }
  const listener = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    onUpgrade(req, socket, head).catch((err: unknown) => {
      s.logger.error({ err }, 'agent console upgrade failed');
      refuse(socket, 500, 'internal', 'Internal error.');
    });
  };
  server.on('upgrade', listener);

  return {
    get connections() {
      return wss.clients.size;
    },
    instanceId,
    heartbeat: beat,
    async close() {
      server.off('upgrade', listener);
      clearInterval(heartbeat);
      offOffers();
      for (const ws of wss.clients) ws.close(1001, 'server shutting down');
      await new Promise<void>((resolve) => setTimeout(resolve, 100).unref());
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await s.agentDesk.instanceGone(instanceId).catch(warn('presence'));
    },
  };
}
