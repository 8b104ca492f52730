import { createServer as createHttpServer, type RequestListener } from 'node:http';
import { createServer as createTcpServer, type Server, type Socket } from 'node:net';

const connections = new WeakMap<Server, Set<Socket>>();

/** Starts a server on 127.0.0.1 (or another loopback address), on a free port unless one is given, tracking its connections. */
export function listen(server: Server, host = '127.0.0.1', port = 0): Promise<number> {
  const open = new Set<Socket>();
  connections.set(server, open);
  server.on('connection', (socket: Socket) => {
    open.add(socket);
    socket.on('close', () => open.delete(socket));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });
}

/** Closes servers, ending every connection they still hold. */
export async function closeAll(servers: readonly Server[]): Promise<void> {
  await Promise.all(
    servers.map(
      (server) =>
        new Promise<void>((resolve) => {
          connections.get(server)?.forEach((socket) => socket.destroy());
          server.close(() => resolve());
        }),
    ),
  );
}

export function httpServer(handler: RequestListener): Server {
  return createHttpServer(handler);
}

/** A bare TCP server whose sockets never crash the test on a reset. */
export function tcpServer(onConnection: (socket: Socket) => void): Server {
  return createTcpServer((socket) => {
    socket.on('error', () => {});
    onConnection(socket);
  });
}

/** A port on which nothing listens (it was free a moment ago). */
export async function unusedPort(): Promise<number> {
  const server = createTcpServer();
  const port = await listen(server);
  await closeAll([server]);
  return port;
}
