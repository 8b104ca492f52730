import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DiscordHarness } from './fakes/harness.js';
import { slashCommand } from './fakes/payloads.js';

let discord: DiscordHarness;

beforeAll(async () => {
  discord = await DiscordHarness.start();
});
afterAll(async () => {
  await discord?.close();
});

/** A new /updoc gets its deferral and its answer. */
async function expectAnswered(): Promise<void> {
  const sent = discord.send(slashCommand({ question: '502 Bad Gateway nginx/1.18.0 on my own site' }));
  expect((await discord.rest.callbackOf(sent.id)).body).toEqual({ type: 5, data: { flags: 0 } });
  expect((await discord.rest.editOf(sent.token)).embeds?.[0]?.title).toBe('Answer');
}

const logged = (message: RegExp, details: Record<string, unknown> = {}) =>
  discord.log.entries.waitFor((entry) => message.test(entry.message) && Object.entries(details).every(([key, value]) => entry.details[key] === value));

describe('a dropped gateway connection', () => {
  it('closed by the gateway (4000): discord.js resumes the session and interactions are answered again', async () => {
    await expectAnswered();
    discord.gateway.drop(4000);
    await discord.gateway.nth('resume', 1);
    await logged(/reconnecting/);
    await logged(/resumed/);
    await expectAnswered();
  });

  it('cut without a close frame: discord.js resumes again', async () => {
    discord.gateway.drop();
    await discord.gateway.nth('resume', 2);
    await expectAnswered();
  });

  it('a session the gateway will not resume: discord.js identifies again', async () => {
    discord.gateway.refuseResume();
    discord.gateway.drop(4000);
    await discord.gateway.nth('identify', 2);
    await expectAnswered();
    expect(discord.gateway.events.items.map((event) => event.op)).toEqual(['identify', 'resume', 'resume', 'resume', 'identify']);
  });

  it('identifies with the Guilds intent only', () => {
    expect(discord.gateway.events.items[0]?.payload).toMatchObject({ intents: 1 });
  });
});

describe('Discord API errors', () => {
  const unknownInteraction = { message: 'Unknown interaction', code: 10062 };

  it('a refused edit (404 Unknown interaction) is logged, and the next interaction is answered', async () => {
    const sent = slashCommand({ question: '502 Bad Gateway nginx/1.18.0 on my own site' });
    discord.rest.failOnce((r) => r.method === 'PATCH' && r.path.includes(sent.token), 404, unknownInteraction);
    discord.send(sent);
    const entry = await logged(/could not edit the reply/, { interaction: sent.id });
    expect(entry).toMatchObject({ level: 'warn', details: { code: 10062, status: 404, method: 'PATCH', route: `/api/v10/webhooks/${sent.payload.application_id as string}/:token/messages/@original` } });
    expect(JSON.stringify(entry)).not.toContain(sent.token);
    await expectAnswered();
  });

  it('a refused deferral is logged, the turn is skipped, and the next interaction is answered', async () => {
    const sent = slashCommand({ question: '502 Bad Gateway nginx/1.18.0 on my own site' });
    discord.rest.failOnce((r) => r.path.startsWith(`/api/v10/interactions/${sent.id}/`), 404, unknownInteraction);
    discord.send(sent);
    await logged(/could not acknowledge/, { interaction: sent.id, code: 10062 });
    await expectAnswered();
    expect(await discord.store.load(`d:${sent.id}`)).toBeUndefined();
  });

  it('a rate-limited edit (429) is logged and retried after the wait Discord asks for', async () => {
    const sent = slashCommand({ question: '502 Bad Gateway nginx/1.18.0 on my own site' });
    discord.rest.failOnce((r) => r.method === 'PATCH' && r.path.includes(sent.token), 429, { message: 'You are being rate limited.', retry_after: 0.05, global: false }, {
      'retry-after': '0.05',
      'x-ratelimit-scope': 'user',
    });
    discord.send(sent);
    expect((await discord.rest.editOf(sent.token)).embeds?.[0]?.title).toBe('Answer');
    expect((await logged(/rate limited/)).level).toBe('warn');
  });

  it('a turn that fails inside updoc shows an apology and is logged', async () => {
    vi.spyOn(discord.bot, 'handleTurn').mockRejectedValueOnce(new Error('disk full'));
    const sent = discord.send(slashCommand({ question: '502 Bad Gateway nginx/1.18.0 on my own site' }));
    const edit = await discord.rest.editOf(sent.token);
    expect(edit.embeds?.[0]).toMatchObject({ title: 'Sorry', description: expect.stringMatching(/went wrong on my side/) });
    // Nothing to press but the way to write again.
    expect(edit.components?.flatMap((row) => row.components.map((b) => b.label))).toEqual(['Reply with text']);
    expect((await logged(/the turn failed/, { error: 'disk full' })).level).toBe('error');
    await expectAnswered();
  });
});
