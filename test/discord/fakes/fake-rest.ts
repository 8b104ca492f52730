import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { APPLICATION_ID } from './payloads.js';
import { Recorder } from './recorder.js';

export interface RestRequest {
  method: string;
  /** URL-decoded, without the query: `/api/v10/webhooks/1/tok/messages/@original`. */
  path: string;
  query: URLSearchParams;
  body: unknown;
  authorization: string | undefined;
  /** The status the fake answered with. */
  status: number;
}

type Incoming = Omit<RestRequest, 'status'>;

interface Failure {
  match: (request: Incoming) => boolean;
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

/** The direct-message channel the fake opens with anyone. */
export const DM_CHANNEL_ID = '700000000000000001';

/** Discord's REST API as far as updoc uses it, on 127.0.0.1: every request is recorded. */
export class FakeDiscordRest {
  readonly requests = new Recorder<RestRequest>();
  private readonly failures: Failure[] = [];
  private nextMessageId = 900_000_000_000_000_000n;

  private constructor(
    private readonly server: Server,
    readonly gatewayUrl: string,
  ) {}

  static async start(gatewayUrl: string): Promise<FakeDiscordRest> {
    const server = createServer();
    const rest = new FakeDiscordRest(server, gatewayUrl);
    server.on('request', (request, response) => void rest.handle(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return rest;
  }

  /** What DISCORD_API_URL (the client's `rest.api`) points at. */
  get apiUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api`;
  }

  /** The next request that matches gets this error instead of its usual answer. */
  failOnce(match: (request: Incoming) => boolean, status: number, body: unknown, headers: Record<string, string> = {}): void {
    this.failures.push({ match, status, body, headers });
  }

  /** The interaction callback (defer, reply) for one interaction. */
  callbackOf(interactionId: string): Promise<RestRequest> {
    return this.requests.waitFor((r) => r.method === 'POST' && r.path.startsWith(`/api/v10/interactions/${interactionId}/`) && r.path.endsWith('/callback'));
  }

  /** A successful edit of an interaction's original response that `accept` likes (by default: any). */
  editOf(token: string, accept: (body: MessageBody) => boolean = () => true): Promise<MessageBody> {
    return this.requests
      .waitFor((r) => r.method === 'PATCH' && r.status === 200 && r.path.endsWith(`/${token}/messages/@original`) && accept(r.body as MessageBody))
      .then((r) => r.body as MessageBody);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://fake');
    const raw = await readBody(request);
    const incoming: Incoming = {
      method: request.method ?? 'GET',
      path: decodeURIComponent(url.pathname),
      query: url.searchParams,
      body: raw ? (JSON.parse(raw) as unknown) : undefined,
      authorization: request.headers.authorization,
    };
    const failure = this.failures.find((f) => f.match(incoming));
    if (failure) this.failures.splice(this.failures.indexOf(failure), 1);
    const [status, body] = failure ? [failure.status, failure.body] : this.answer(incoming);
    this.requests.push({ ...incoming, status });
    response.writeHead(status, { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...failure?.headers });
    response.end(body === undefined ? undefined : JSON.stringify(body));
  }

  private answer({ method, path, body }: Incoming): [number, unknown] {
    if (method === 'GET' && path === '/api/v10/gateway/bot') {
      return [200, { url: this.gatewayUrl, shards: 1, session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 } }];
    }
    if (method === 'POST' && /^\/api\/v10\/interactions\/\d+\/[^/]+\/callback$/.test(path)) return [204, undefined];
    const edit = /^\/api\/v10\/webhooks\/(\d+)\/[^/]+\/messages\/@original$/.exec(path);
    if (method === 'PATCH' && edit) return [200, this.message(edit[1] ?? '', body as MessageBody)];
    const followUp = /^\/api\/v10\/webhooks\/(\d+)\/[^/]+$/.exec(path);
    if (method === 'POST' && followUp) return [200, this.message(followUp[1] ?? '', body as MessageBody)];
    if (method === 'POST' && path === '/api/v10/users/@me/channels') {
      const recipient = String((body as { recipient_id?: unknown }).recipient_id);
      return [200, { id: DM_CHANNEL_ID, type: 1, last_message_id: null, recipients: [{ id: recipient, username: 'person', discriminator: '0', global_name: null, avatar: null }] }];
    }
    const posted = /^\/api\/v10\/channels\/(\d+)\/messages$/.exec(path);
    if (method === 'POST' && posted) return [200, { ...this.message(APPLICATION_ID, body as MessageBody), channel_id: posted[1] }];
    if (method === 'PUT' && /^\/api\/v10\/applications\/\d+(?:\/guilds\/\d+)?\/commands$/.test(path)) {
      return [200, (body as object[]).map((command, i) => ({ id: `${700 + i}`, version: '1', ...command }))];
    }
    return [404, { message: '404: Not Found', code: 0 }];
  }

  private message(applicationId: string, body: MessageBody): object {
    this.nextMessageId += 1n;
    return {
      id: this.nextMessageId.toString(),
      type: 20,
      channel_id: '300000000000000001',
      author: { id: applicationId, username: 'updoc', discriminator: '0000', global_name: null, avatar: null, bot: true },
      content: '',
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: body.embeds ?? [],
      components: body.components ?? [],
      pinned: false,
      flags: 0,
      webhook_id: applicationId,
      application_id: applicationId,
    };
  }
}

/** The JSON discord.js sends to edit a response. */
export interface MessageBody {
  embeds?: { title?: string; description?: string; color?: number; footer?: { text: string } }[];
  components?: { type: number; components: { type: number; style: number; label: string; custom_id: string }[] }[];
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (text += chunk));
    request.on('end', () => resolve(text));
    request.on('error', reject);
  });
}
