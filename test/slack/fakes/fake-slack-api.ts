import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const BOT_USER_ID = 'UBOT';
export const BOT_ID = 'BBOT';
export const TEAM_ID = 'T1';

export interface ApiCall {
  method: string;
  /** The form fields, with `blocks` parsed from its JSON string. */
  params: Record<string, unknown>;
  token: string | undefined;
  /** What the fake answered (or will answer, while the method is held). */
  answer: Record<string, unknown>;
}

interface HostedFile {
  info: Record<string, unknown>;
  bytes: Buffer;
}

/**
 * Slack's Web API on 127.0.0.1: records every call (chat.postMessage, chat.update, auth.test,
 * apps.connections.open, files.info) and answers ok, unless told to fail a method once; also
 * serves hosted files under /files/ to requests carrying the bot token.
 */
export class FakeSlackApi {
  readonly calls: ApiCall[] = [];
  readonly downloads: { path: string; authorization: string | undefined }[] = [];
  /** Where apps.connections.open sends Socket Mode clients. */
  socketUrl = '';
  private readonly failures = new Map<string, string[]>();
  private readonly files = new Map<string, HostedFile>();
  /** Workspace members users.info describes: id → display name. */
  private readonly people = new Map<string, string>();
  private readonly waiters = new Set<() => void>();
  private held: { method: string; release: Promise<void> } | undefined;
  private lastTs = 1_700_000_000;

  private constructor(private readonly server: Server) {}

  static async start(): Promise<FakeSlackApi> {
    const server = createServer();
    const fake = new FakeSlackApi(server);
    server.on('request', (request, response) => void fake.handle(request, response));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return fake;
  }

  get origin(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The Web API base, as SLACK_API_URL takes it. */
  get url(): string {
    return `${this.origin}/api/`;
  }

  /** The next call of `method` answers {ok: false, error}. */
  failNext(method: string, error: string): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), error]);
  }

  /** Calls of `method` are recorded but not answered until the returned function is called. */
  hold(method: string): () => void {
    let release = () => {};
    this.held = { method, release: new Promise<void>((resolve) => (release = resolve)) };
    return () => {
      this.held = undefined;
      release();
    };
  }

  /** Hosts a file: files.info describes it, and its bytes are served at url_private_download. */
  hostFile(id: string, bytes: Buffer, mimetype: string): Record<string, unknown> {
    const info = { id, name: `${id}.png`, mimetype, size: bytes.length, url_private_download: `${this.origin}/files/${id}` };
    this.files.set(id, { info, bytes });
    return info;
  }

  /** A member of the workspace, as users.info describes them. */
  addPerson(id: string, displayName: string): void {
    this.people.set(id, displayName);
  }

  callsTo(method: string, filter: Record<string, unknown> = {}): ApiCall[] {
    return this.calls.filter((c) => c.method === method && Object.entries(filter).every(([k, v]) => c.params[k] === v));
  }

  /** The messages updoc posted in a thread, in order. */
  thread(channel: string, threadTs: string): ApiCall[] {
    return this.callsTo('chat.postMessage', { channel, thread_ts: threadTs });
  }

  /** Resolves once `condition` holds, re-checked after every call. */
  until(condition: () => boolean): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise((resolve) => {
      const check = () => {
        if (!condition()) return;
        this.waiters.delete(check);
        resolve();
      };
      this.waiters.add(check);
    });
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    this.server.close();
    await once(this.server, 'close');
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.origin);
    if (request.method === 'GET' && url.pathname.startsWith('/files/')) return this.serveFile(url.pathname, request, response);
    const method = url.pathname.replace(/^\/api\//, '');
    const params = parseParams(await readBody(request), request.headers['content-type'] ?? '');
    const call: ApiCall = { method, params, token: bearer(request), answer: this.answer(method, params) };
    this.calls.push(call);
    for (const check of [...this.waiters]) check();
    if (this.held?.method === method) await this.held.release;
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(call.answer));
  }

  private answer(method: string, params: Record<string, unknown>): Record<string, unknown> {
    const error = this.failures.get(method)?.shift();
    if (error) return { ok: false, error };
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://test.slack.com/', team: 'Test', user: 'updoc', team_id: TEAM_ID, user_id: BOT_USER_ID, bot_id: BOT_ID };
      case 'apps.connections.open':
        return { ok: true, url: this.socketUrl };
      case 'chat.postMessage':
        this.lastTs += 1;
        return { ok: true, channel: params.channel, ts: `${this.lastTs}.000200`, message: { text: params.text, user: BOT_USER_ID } };
      case 'chat.update':
        return { ok: true, channel: params.channel, ts: params.ts, text: params.text };
      case 'users.info': {
        const name = this.people.get(String(params.user));
        return name ? { ok: true, user: { id: params.user, name: name.toLowerCase(), profile: { display_name: name, real_name: `${name} Example` } } } : { ok: false, error: 'user_not_found' };
      }
      case 'files.info': {
        const file = this.files.get(String(params.file));
        return file ? { ok: true, file: file.info } : { ok: false, error: 'file_not_found' };
      }
      default:
        return { ok: true };
    }
  }

  private serveFile(path: string, request: IncomingMessage, response: ServerResponse): void {
    const authorization = request.headers.authorization;
    this.downloads.push({ path, authorization });
    const file = this.files.get(path.slice('/files/'.length));
    if (!file || !authorization) {
      response.writeHead(302, { location: 'https://slack.com/signin' }).end();
      return;
    }
    response.writeHead(200, { 'content-type': String(file.info.mimetype), 'content-length': file.bytes.length }).end(file.bytes);
  }
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The Web API client sends forms (JSON-valued fields such as `blocks` as strings), sometimes JSON. */
function parseParams(body: string, contentType: string): Record<string, unknown> {
  const params: Record<string, unknown> = contentType.includes('json') ? (JSON.parse(body || '{}') as Record<string, unknown>) : Object.fromEntries(new URLSearchParams(body));
  if (typeof params.blocks === 'string') params.blocks = JSON.parse(params.blocks);
  return params;
}

function bearer(request: IncomingMessage): string | undefined {
  return /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
}
