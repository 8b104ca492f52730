import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { slashCommand } from '../discord/fakes/payloads.js';
import { mention, newTs } from '../slack/fakes/slack-payloads.js';
import { OWN_SITE } from '../slack/support.js';
import { serveEverything, type Everything } from './helpers/everything.js';

const METRICS_TOKEN = 'metrics-token-for-tests';
const WAIT = { timeout: 20_000, interval: 50 };

/** The value of `updoc_turns_total` for one channel, summed over kinds and intents. */
function turnsOf(metrics: string, channel: string): number {
  return metrics
    .split('\n')
    .filter((line) => line.startsWith(`updoc_turns_total{channel="${channel}",`))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

describe('turn metrics of `updoc serve`', { timeout: 120_000 }, () => {
  let served: Everything;
  beforeAll(async () => {
    served = await serveEverything({ METRICS_TOKEN });
  }, 60_000);
  afterAll(() => served?.close());

  const metrics = async () => (await fetch(`${served.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();

  it('count every channel under its own name: the widget API, a Slack mention and a Discord slash command', async () => {
    const chat = await fetch(`${served.url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: OWN_SITE }) });
    expect(chat.status).toBe(200);
    expect(await served.slackEvent(mention({ channel: 'C1', ts: newTs(), text: OWN_SITE }))).toHaveProperty('status', 200);
    const sent = slashCommand({ question: OWN_SITE });
    served.gateway.dispatch('INTERACTION_CREATE', sent.payload);
    await served.rest.editOf(sent.token);

    await vi.waitFor(async () => {
      const text = await metrics();
      expect({ web: turnsOf(text, 'web'), slack: turnsOf(text, 'slack'), discord: turnsOf(text, 'discord') }).toEqual({ web: 1, slack: 1, discord: 1 });
      expect(text).toMatch(/^updoc_turn_duration_seconds_count\{channel="discord"\} 1$/m);
    }, WAIT);
  });
});
