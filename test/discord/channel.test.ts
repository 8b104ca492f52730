import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBot } from '../../src/runtime/bot.js';
import { startChannels } from '../../src/runtime/channels.js';
import { loadConfig } from '../../src/runtime/config.js';
import { discordChannel } from '../../src/runtime/discord.js';
import { FakeGateway } from './fakes/fake-gateway.js';
import { FakeDiscordRest } from './fakes/fake-rest.js';
import { TOKEN } from './fakes/harness.js';
import { APPLICATION_ID, slashCommand } from './fakes/payloads.js';

let gateway: FakeGateway;
let rest: FakeDiscordRest;

beforeAll(async () => {
  gateway = await FakeGateway.start(APPLICATION_ID);
  rest = await FakeDiscordRest.start(gateway.url);
});
afterAll(async () => {
  await Promise.all([gateway?.close(), rest?.close()]);
});

const configOf = (env: Record<string, string>) => loadConfig({ STORE_URL: 'memory:', ...env }, '/nonexistent/.env');

describe('the Discord channel in `updoc serve`', () => {
  it('is enabled only when both DISCORD_TOKEN and DISCORD_APPLICATION_ID are set', () => {
    expect(discordChannel.enabled(configOf({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APPLICATION_ID }))).toBe(true);
    expect(discordChannel.enabled(configOf({ DISCORD_TOKEN: TOKEN }))).toBe(false);
    expect(discordChannel.enabled(configOf({ DISCORD_APPLICATION_ID: APPLICATION_ID }))).toBe(false);
  });

  it('starts from the configuration, reaches Discord through DISCORD_API_URL and answers /updoc', async () => {
    const config = configOf({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APPLICATION_ID, DISCORD_API_URL: rest.apiUrl });
    const app = Fastify({ logger: false });
    const running = startBot(config);
    const channels = await startChannels({ config, running, app });
    try {
      expect(channels).toHaveLength(1);
      expect(rest.requests.items[0]).toMatchObject({ method: 'GET', path: '/api/v10/gateway/bot', authorization: `Bot ${TOKEN}` });
      const sent = slashCommand({ question: '502 Bad Gateway nginx/1.18.0 on my own site' });
      gateway.dispatch('INTERACTION_CREATE', sent.payload);
      expect((await rest.editOf(sent.token)).embeds?.[0]?.title).toBe('Answer');
    } finally {
      for (const channel of channels) await channel.stop();
      await running.close();
      await app.close();
    }
  });

  it('refuses to start with a token Discord rejects, saying why', async () => {
    const config = configOf({ DISCORD_TOKEN: 'not-the-right-token-at-all', DISCORD_APPLICATION_ID: APPLICATION_ID, DISCORD_API_URL: rest.apiUrl });
    rest.failOnce((r) => r.path === '/api/v10/gateway/bot', 401, { message: '401: Unauthorized', code: 0 });
    const running = startBot(config);
    try {
      await expect(discordChannel.start({ config, running, app: Fastify({ logger: false }) })).rejects.toThrow(/invalid token/i);
    } finally {
      await running.close();
    }
  });
});
