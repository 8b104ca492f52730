import type { Command } from 'commander';
import { startBot } from '../../runtime/bot.js';
import { startChannels } from '../../runtime/channels.js';
import { loadConfig } from '../../runtime/config.js';
import { startWebServer } from '../../runtime/web.js';
import { CliError } from '../errors.js';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('start the web server: demo page at /, /widget.js, the chat API under /api/, /healthz')
    .option('--port <n>', 'port to listen on (default PORT or 3000)')
    .option('--host <address>', 'address to listen on', '0.0.0.0')
    .action(async (options: { port?: string; host: string }) => {
      const config = loadConfig();
      const port = options.port === undefined ? config.PORT : Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new CliError('--port takes a port number from 0 to 65535');
      const running = startBot(config);
      const app = await startWebServer(config, running);
      const channels = await startChannels({ config, running, app });
      const stop = async () => {
        for (const channel of channels) await channel.stop();
        await app.close();
        await running.close();
        process.exit(0);
      };
      process.once('SIGINT', () => void stop());
      process.once('SIGTERM', () => void stop());
      try {
        await app.listen({ port, host: options.host });
      } catch (error) {
        await running.close();
        throw new CliError(`cannot listen on ${options.host}:${port}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, 1);
      }
    });
}
