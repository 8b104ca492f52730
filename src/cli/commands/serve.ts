import type { Command } from 'commander';
import type { FastifyInstance } from 'fastify';
import { startBot, type Running } from '../../runtime/bot.js';
import { startChannels, type StartedChannel } from '../../runtime/channels.js';
import { loadConfig } from '../../runtime/config.js';
import { startWebServers } from '../../runtime/web.js';
import { CliError } from '../errors.js';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('start the web server: demo page at /, /widget.js, the chat API under /api/, /healthz, /readyz; /metrics on OPS_PORT or with METRICS_TOKEN')
    .option('--port <n>', 'port to listen on (default PORT or 3000)')
    .option('--host <address>', 'address to listen on', '0.0.0.0')
    .action(async (options: { port?: string; host: string }) => {
      const config = loadConfig();
      const port = options.port === undefined ? config.PORT : Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new CliError('--port takes a port number from 0 to 65535');
      const running = startBot(config, undefined, { servesChannels: true });
      const { app, ops } = await startWebServers(config, running);
      const channels = await startChannels({ config, running, app });
      let stopping = false;
      // The first signal drains: no new connections, in-flight turns (SSE streams too) finish,
      // then channels, stores and OCR workers close. A second signal gives up at once.
      const onSignal = (signal: NodeJS.Signals) => {
        if (stopping) process.exit(1);
        stopping = true;
        app.log.info({ signal }, 'shutting down: finishing in-flight requests');
        void shutDown([app, ...(ops ? [ops] : [])], channels, running).then(
          () => process.exit(0),
          (error: unknown) => {
            app.log.error({ err: error }, 'shutdown failed');
            process.exit(1);
          },
        );
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      try {
        await listenOn(app, options.host, port);
        if (ops && config.OPS_PORT) await listenOn(ops, config.OPS_PORT.host, config.OPS_PORT.port);
      } catch (error) {
        await running.close();
        throw error;
      }
    });
}

async function listenOn(app: FastifyInstance, host: string, port: number): Promise<void> {
  try {
    await app.listen({ port, host });
  } catch (error) {
    throw new CliError(`cannot listen on ${host}:${port}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, 1);
  }
}

async function shutDown(servers: readonly FastifyInstance[], channels: readonly StartedChannel[], running: Running): Promise<void> {
  for (const server of servers) await server.close();
  for (const channel of channels) await channel.stop();
  await running.close();
}
