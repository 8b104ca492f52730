import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { clientKey } from './trusted-proxies.js';

/** What one connection may hold the server for. */
export interface ConnectionLimits {
  /** Longest a connection may take to send a request's headers (an idle new connection included). */
  headersTimeoutMs: number;
  /** Longest a whole request, body included, may take to arrive: a trickled body is cut off. */
  requestTimeoutMs: number;
  /** How often open connections are checked against those two limits. */
  checkEveryMs: number;
  /** Open connections one client may hold at once; a trusted proxy's are not counted. */
  perClient: number;
}

/** A 10 MB screenshot over a slow phone uplink takes tens of seconds; headers take a moment. */
export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 60_000,
  checkEveryMs: 1_000,
  perClient: 64,
};

/** The Fastify server options that make Node's HTTP server enforce the timeouts. */
export function serverTimeouts(limits: ConnectionLimits) {
  return {
    requestTimeout: limits.requestTimeoutMs,
    http: { headersTimeout: limits.headersTimeoutMs, connectionsCheckingInterval: limits.checkEveryMs },
  };
}

/**
 * Closes a new connection at once when its client already holds `perClient` open ones, so one
 * client cannot use up the process's file descriptors and lock everyone else (and /healthz) out.
 */
export function limitConnectionsPerClient(server: Server, perClient: number, isTrustedProxy: (address: string) => boolean): void {
  const open = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress;
    if (address === undefined || isTrustedProxy(address)) return;
    const key = clientKey(address);
    const count = (open.get(key) ?? 0) + 1;
    if (count > perClient) {
      socket.destroy();
      return;
    }
    open.set(key, count);
    socket.once('close', () => {
      const left = (open.get(key) ?? 1) - 1;
      if (left === 0) open.delete(key);
      else open.set(key, left);
    });
  });
}
