import type { FastifyInstance } from 'fastify';
import { startBot, type Running } from '../../../src/runtime/bot.js';
import { startChannels, type StartedChannel } from '../../../src/runtime/channels.js';
import { loadConfig } from '../../../src/runtime/config.js';
import { startWebServers } from '../../../src/runtime/web.js';
import { FakeGateway } from '../../discord/fakes/fake-gateway.js';
import { FakeDiscordRest } from '../../discord/fakes/fake-rest.js';
import { TOKEN as DISCORD_TOKEN } from '../../discord/fakes/harness.js';
import { APPLICATION_ID } from '../../discord/fakes/payloads.js';
import { FakeSlackApi } from '../../slack/fakes/fake-slack-api.js';
import { eventCallback, signature } from '../../slack/fakes/slack-payloads.js';
import { BOT_TOKEN, SIGNING_SECRET } from '../../slack/support.js';
import { ensureWidgetBuilt } from '../../web/helpers/widget-bundle.js';

export interface Everything {
  /** "http://127.0.0.1:PORT": the demo page, the widget, the chat API and /slack/events. */
  url: string;
  running: Running;
  slack: FakeSlackApi;
  gateway: FakeGateway;
  rest: FakeDiscordRest;
  /** Delivers a signed Slack event to /slack/events, as Slack does. */
  slackEvent(event: Record<string, unknown>): Promise<Response>;
  /** Delivers a signed Slack button click. */
  slackClick(payload: Record<string, unknown>): Promise<Response>;
  close(): Promise<void>;
}

/**
 * `updoc serve` as it runs in production, in this process: the real bot, web server, Slack (HTTP
 * mode) and Discord channels and handoff delivery, against a fake Slack Web API and a fake Discord
 * gateway and REST API on 127.0.0.1. `env` adds to (or, set to '', removes from) the configuration.
 */
export async function serveEverything(env: Record<string, string> = {}): Promise<Everything> {
  ensureWidgetBuilt();
  const slack = await FakeSlackApi.start();
  const gateway = await FakeGateway.start(APPLICATION_ID);
  const rest = await FakeDiscordRest.start(gateway.url);
  const config = loadConfig({
    STORE_URL: 'memory:',
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.url,
    DISCORD_TOKEN,
    DISCORD_APPLICATION_ID: APPLICATION_ID,
    DISCORD_API_URL: rest.apiUrl,
    ...env,
  });
  const running = startBot(config, undefined, { servesChannels: true, log: () => undefined });
  const { app } = await startWebServers(config, running, false);
  let channels: StartedChannel[] = [];
  try {
    channels = await startChannels({ config, running, app });
  } catch (error) {
    await running.close();
    throw error;
  }
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  const deliver = (body: string, contentType: string) => signedPost(url, body, contentType);
  return {
    url,
    running,
    slack,
    gateway,
    rest,
    slackEvent: (event) => deliver(JSON.stringify(eventCallback(event)), 'application/json'),
    slackClick: (payload) => deliver(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), 'application/x-www-form-urlencoded'),
    close: async () => {
      await closeAll(app, channels, running);
      await Promise.all([slack.close(), gateway.close(), rest.close()]);
    },
  };
}

function signedPost(url: string, body: string, contentType: string): Promise<Response> {
  const timestamp = Math.floor(Date.now() / 1000);
  return fetch(`${url}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': contentType, 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature(SIGNING_SECRET, timestamp, body) },
    body,
  });
}

async function closeAll(app: FastifyInstance, channels: StartedChannel[], running: Running): Promise<void> {
  await app.close();
  for (const channel of channels) await channel.stop();
  await running.close();
}
