import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HandmadePage } from './handmade-pages.js';

export interface PageServer {
  /** The URL of a hand-made page, served with its vendor's status. */
  pageUrl(name: string): string;
  /** A 502 with an empty body: Chromium shows its own "This page isn't working" page. */
  emptyBadGatewayUrl: string;
  close(): Promise<void>;
}

/** Serves the hand-made error pages on 127.0.0.1, each with the status and content type its vendor sends. */
export async function startPageServer(pages: readonly HandmadePage[]): Promise<PageServer> {
  const byPath = new Map(pages.map((page) => [`/${page.name}`, page]));
  const server: Server = createServer((req, res) => {
    const page = byPath.get(req.url ?? '');
    if (page === undefined) {
      res.writeHead(502, { 'content-length': '0' }).end();
      return;
    }
    res.writeHead(page.status ?? 502, { 'content-type': page.contentType ?? 'text/html; charset=utf-8' }).end(page.html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    pageUrl: (name) => `${base}/${name}`,
    emptyBadGatewayUrl: `${base}/empty`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
