import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { Recorder } from './recorder.js';

export interface GatewayEvent {
  op: 'identify' | 'resume';
  payload: unknown;
}

/**
 * Discord's gateway on 127.0.0.1 (JSON frames, no compression): HELLO, READY after IDENTIFY,
 * RESUMED after RESUME, an ACK for every heartbeat, and dispatches on demand.
 */
export class FakeGateway {
  readonly events = new Recorder<GatewayEvent>();
  private socket: WebSocket | undefined;
  private sequence = 0;
  private sessions = 0;
  /** The answer to the next RESUME: go on, or make the client IDENTIFY again. */
  private refuseNextResume = false;

  private constructor(
    private readonly server: WebSocketServer,
    private readonly applicationId: string,
  ) {
    server.on('connection', (socket) => this.accept(socket));
  }

  static async start(applicationId: string): Promise<FakeGateway> {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => server.once('listening', resolve));
    return new FakeGateway(server, applicationId);
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** How many IDENTIFYs and RESUMEs the client has sent so far. */
  count(op: GatewayEvent['op']): number {
    return this.events.items.filter((e) => e.op === op).length;
  }

  /** Waits for the client's n-th IDENTIFY or RESUME (already answered when this resolves). */
  nth(op: GatewayEvent['op'], n: number): Promise<GatewayEvent> {
    return this.events.waitFor(() => this.count(op) >= n);
  }

  dispatch(type: string, data: unknown): void {
    this.send({ op: 0, t: type, s: ++this.sequence, d: data });
  }

  /** Drops the connection: a close frame with `code`, or (without one) a dead TCP connection. */
  drop(code?: number): void {
    if (code === undefined) this.socket?.terminate();
    else this.socket?.close(code, 'fake gateway drop');
  }

  refuseResume(): void {
    this.refuseNextResume = true;
  }

  async close(): Promise<void> {
    for (const client of this.server.clients) client.terminate();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: WebSocket): void {
    this.socket = socket;
    socket.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 41_250 } }));
    socket.on('message', (data) => this.receive(socket, JSON.parse(data.toString()) as { op: number; d: unknown }));
  }

  private receive(socket: WebSocket, frame: { op: number; d: unknown }): void {
    if (socket !== this.socket) return;
    if (frame.op === 1) this.send({ op: 11 });
    if (frame.op === 2) {
      this.sessions += 1;
      this.dispatch('READY', {
        v: 10,
        user: { id: this.applicationId, username: 'updoc', discriminator: '0000', global_name: null, avatar: null, bot: true },
        guilds: [],
        session_id: `session-${this.sessions}`,
        resume_gateway_url: this.url,
        shard: [0, 1],
        application: { id: this.applicationId, flags: 0 },
      });
      this.events.push({ op: 'identify', payload: frame.d });
    }
    if (frame.op === 6) {
      if (this.refuseNextResume) {
        this.refuseNextResume = false;
        this.send({ op: 9, d: false });
      } else {
        this.dispatch('RESUMED', {});
      }
      this.events.push({ op: 'resume', payload: frame.d });
    }
  }

  private send(frame: object): void {
    this.socket?.send(JSON.stringify(frame));
  }
}
