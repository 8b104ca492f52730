import { createServer, type IncomingHttpHeaders } from 'node:http';

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

export interface Receiver {
  url: string;
  /** Every request, answered or not. */
  requests: Received[];
  /** The requests it accepted (answered 2xx). */
  accepted: Received[];
  close(): Promise<void>;
}

/** A local HTTP endpoint on 127.0.0.1; `answer` picks the status and JSON body of each request (by 0-based count). */
export function startReceiver(answer: (index: number) => { status: number; body?: unknown } = () => ({ status: 200 }), port = 0): Promise<Receiver> {
  const requests: Received[] = [];
  const accepted: Received[] = [];
  const server = createServer((request, response) => {
    let raw = '';
    request.setEncoding('utf8').on('data', (chunk: string) => (raw += chunk));
    request.on('end', () => {
      const received = { path: request.url ?? '', headers: request.headers, body: JSON.parse(raw || '{}') as Record<string, unknown> };
      const { status, body } = answer(requests.length);
      requests.push(received);
      if (status >= 200 && status < 300) accepted.push(received);
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body ?? {}));
    });
  });
  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : port;
      resolve({ url: `http://127.0.0.1:${bound}`, requests, accepted, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}
