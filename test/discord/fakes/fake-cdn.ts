import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Recorder } from './recorder.js';

/** Serves attachment files the way Discord's CDN does, on 127.0.0.1. */
export class FakeCdn {
  readonly downloads = new Recorder<string>();
  private readonly files = new Map<string, { bytes: Buffer; type: string }>();

  private constructor(private readonly server: Server) {
    server.on('request', (request, response) => {
      const path = request.url ?? '/';
      this.downloads.push(path);
      const file = this.files.get(path);
      response.writeHead(file ? 200 : 404, { 'content-type': file?.type ?? 'text/plain' });
      response.end(file?.bytes ?? 'not found');
    });
  }

  static async start(): Promise<FakeCdn> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new FakeCdn(server);
  }

  get origin(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Puts a file on the CDN and returns its URL. */
  serve(path: string, bytes: Buffer, type: string): string {
    this.files.set(path, { bytes, type });
    return `${this.origin}${path}`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
