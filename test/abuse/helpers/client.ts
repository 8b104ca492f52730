import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface RequestOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /**
   * The loopback address the request comes from: 127.0.0.2 and 127.0.0.3 are two different
   * clients to the server, as two visitors on the internet would be.
   */
  from?: string;
}

/** One HTTP request to the server under test, from a chosen loopback address. */
export function send(url: string, options: RequestOptions = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      url,
      { method: options.method ?? 'GET', headers: options.headers ?? {}, ...(options.from ? { localAddress: options.from } : {}) },
      (response) => {
        let body = '';
        response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
      },
    );
    request.on('error', reject);
    request.end(options.body);
  });
}

export interface ChatReply {
  kind: string;
  text: string;
  actions: { id: string; label: string }[];
  probe?: Record<string, unknown>;
}

/** POST /api/chat as a visitor at `from`: the status, and the session and replies when it answered. */
export async function chat(base: string, body: { sessionId?: string; text?: string; action?: string }, options: RequestOptions = {}) {
  const answer = await send(`${base}/api/chat`, {
    ...options,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...options.headers },
    body: JSON.stringify(body),
  });
  const json = answer.status === 200 ? (JSON.parse(answer.body) as { sessionId: string; replies: ChatReply[] }) : undefined;
  return { status: answer.status, raw: answer.body, sessionId: json?.sessionId ?? '', replies: json?.replies ?? [], last: json?.replies.at(-1) };
}
