import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/**
 * Slack's Socket Mode end on 127.0.0.1: greets each client with `hello`, sends envelopes and
 * resolves each send with the client's acknowledgement (`{envelope_id, payload}`).
 */
export class FakeSocketMode {
  private socket: WebSocket | undefined;
  private readonly pendingAcks = new Map<string, (payload: unknown) => void>();
  private envelopes = 0;

  private constructor(private readonly server: WebSocketServer) {
    server.on('connection', (socket) => {
      this.socket = socket;
      socket.on('message', (data) => {
        const { envelope_id: id, payload } = JSON.parse(String(data)) as { envelope_id: string; payload: unknown };
        this.pendingAcks.get(id)?.(payload);
        this.pendingAcks.delete(id);
      });
      socket.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A1' }, debug_info: { host: 'fake' } }));
    });
  }

  static async start(): Promise<FakeSocketMode> {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await once(server, 'listening');
    return new FakeSocketMode(server);
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}/link`;
  }

  /** Sends an envelope (an Events API event or an interactive payload); resolves with the ack's payload. */
  send(type: 'events_api' | 'interactive', payload: unknown, retry?: { attempt: number; reason: string }): Promise<unknown> {
    const socket = this.socket;
    if (!socket) throw new Error('no Socket Mode client is connected');
    this.envelopes += 1;
    const envelope_id = `envelope-${this.envelopes}`;
    const acked = new Promise<unknown>((resolve) => this.pendingAcks.set(envelope_id, resolve));
    const retryFields = retry ? { retry_attempt: retry.attempt, retry_reason: retry.reason } : { retry_attempt: 0, retry_reason: '' };
    socket.send(JSON.stringify({ envelope_id, type, payload, accepts_response_payload: false, ...retryFields }));
    return acked;
  }

  async close(): Promise<void> {
    for (const client of this.server.clients) client.terminate();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
