import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MessageBody } from './fakes/fake-rest.js';
import { DiscordHarness, ScriptedProber, ScriptedReader } from './fakes/harness.js';
import { ALICE, attachment, BOB, botMessage, buttonPress, modalSubmit, slashCommand, type SentInteraction } from './fakes/payloads.js';

// The first bytes of a PNG and a body: the scripted reader only checks they arrive intact.
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('fake screenshot body')]);

let discord: DiscordHarness;
const reader = new ScriptedReader('502 Bad Gateway\ncloudflare\nRay ID: 8a1b2c3d4e5f6a7b');
const prober = new ScriptedProber();

beforeAll(async () => {
  discord = await DiscordHarness.start({ reader, prober });
});
afterEach(() => {
  expect(discord.log.entries.items.filter((entry) => entry.level !== 'info')).toEqual([]);
});
afterAll(async () => {
  await discord?.close();
});

const customIds = (edit: MessageBody) => edit.components?.flatMap((row) => row.components.map((button) => button.custom_id)) ?? [];
const embedOf = (edit: MessageBody) => edit.embeds?.[0] ?? {};
const firstPersonLine = async (sent: SentInteraction) => (await discord.store.load(`d:${sent.id}`))?.transcript[0]?.text;

/** A first message that says who is asking and what answered: updoc answers it at once. */
const OWN_SITE = '502 Bad Gateway nginx/1.18.0 on my own site';

describe('/updoc', () => {
  it('question only: a deferred reply, then an edit that answers at once, naming the vendor, with its buttons', async () => {
    const sent = discord.send(slashCommand({ question: OWN_SITE }));

    expect((await discord.rest.callbackOf(sent.id)).body).toEqual({ type: 5, data: { flags: 0 } });
    const edit = await discord.rest.editOf(sent.token);
    expect(embedOf(edit)).toMatchObject({ title: 'Answer', description: expect.stringContaining('**nginx**') });
    expect(embedOf(edit).description).not.toMatch(/your own site, or a site you are visiting/i);
    expect(customIds(edit)).toEqual(expect.arrayContaining([`updoc:d:${sent.id}:fact:upstream:node`, `updoc:d:${sent.id}:feedback:up`, `updoc:d:${sent.id}:human`]));
    expect(customIds(edit).some((id) => id.includes(':fact:role:'))).toBe(false);
  });

  it('question and url: the url joins the question, and the reply is edited as the live check progresses', async () => {
    const sent = discord.send(slashCommand({ question: 'is it down? it shows 502 Bad Gateway', url: 'https://shop.example.com' }));

    expect((await discord.rest.callbackOf(sent.id)).body).toEqual({ type: 5, data: { flags: 0 } });
    const final = await discord.rest.editOf(sent.token, (body) => /I checked \*\*shop\.example\.com\*\*/.test(embedOf(body).description ?? ''));
    const edits = discord.rest.requests.items.filter((r) => r.method === 'PATCH' && r.path.includes(sent.token)).map((r) => r.body as MessageBody);
    expect(embedOf(edits[0] ?? {})).toMatchObject({ title: 'Checking…', description: "**Checking shop.example.com**\n✓ Find the site's server\n… Reach the server" });
    expect(edits.at(-1)).toEqual(final);
    expect(embedOf(final).title).not.toBe('Checking…');
    expect(await firstPersonLine(sent)).toBe('is it down? it shows 502 Bad Gateway\n\nhttps://shop.example.com');
    expect(prober.urls).toContain('https://shop.example.com');
  });

  it('question and screenshot: the attachment is fetched from the CDN and read', async () => {
    const url = discord.cdn.serve('/attachments/1/2/error.png', PNG, 'image/png');
    const sent = discord.send(slashCommand({ question: 'what is this?', screenshot: attachment(url, 'error.png', PNG.length, 'image/png') }));

    expect((await discord.rest.callbackOf(sent.id)).body).toEqual({ type: 5, data: { flags: 0 } });
    const edit = await discord.rest.editOf(sent.token);
    expect(reader.images).toEqual([{ bytes: PNG, filename: 'error.png', requester: expect.stringMatching(/^discord:\d+$/) }]);
    expect(embedOf(edit).title).not.toBe('Sorry');
    expect(embedOf(edit).footer).toBeUndefined();
    expect(await firstPersonLine(sent)).toBe('[screenshot] what is this?');
  });

  it('a screenshot from outside the allowed CDN hosts is never fetched: the question is answered with a note', async () => {
    const elsewhere = `${discord.rest.apiUrl}/attachments/1/3/error.png`;
    const sent = discord.send(slashCommand({ question: '502 Bad Gateway nginx', screenshot: attachment(elsewhere, 'error.png', 2_000, 'image/png') }));

    const edit = await discord.rest.editOf(sent.token);
    expect(embedOf(edit).footer?.text).toBe("error.png is not on Discord's CDN, so I left it out.");
    expect(discord.rest.requests.items.some((r) => r.path.includes('/attachments/'))).toBe(false);
    expect(await firstPersonLine(sent)).toBe('502 Bad Gateway nginx');
  });

  it('a screenshot of another type or over 10 MB is refused before any download', async () => {
    const gif = discord.send(slashCommand({ question: '502', screenshot: attachment(`${discord.cdn.origin}/a.gif`, 'a.gif', 100, 'image/gif') }));
    const huge = discord.send(slashCommand({ question: '502', screenshot: attachment(`${discord.cdn.origin}/b.png`, 'b.png', 11 * 1024 * 1024, 'image/png') }));

    expect(embedOf(await discord.rest.editOf(gif.token)).footer?.text).toBe('I can read PNG, JPEG or WebP screenshots; a.gif is image/gif.');
    expect(embedOf(await discord.rest.editOf(huge.token)).footer?.text).toBe('b.png is larger than 10 MB, so I left it out.');
    expect(discord.cdn.downloads.items).not.toContain('/a.gif');
    expect(discord.cdn.downloads.items).not.toContain('/b.png');
  });

  it('private: the deferred reply is ephemeral (flag 64)', async () => {
    const sent = discord.send(slashCommand({ question: OWN_SITE, private: true }));

    expect((await discord.rest.callbackOf(sent.id)).body).toEqual({ type: 5, data: { flags: 64 } });
    expect(embedOf(await discord.rest.editOf(sent.token)).title).toBe('Answer');
  });
});

describe('buttons', () => {
  async function ask(question: string, ephemeral = false) {
    const sent = discord.send(slashCommand({ question, private: ephemeral }));
    const edit = await discord.rest.editOf(sent.token);
    return { sent, edit, message: botMessage(edit, { interaction: sent, user: ALICE, ephemeral }) };
  }

  it('a button click continues the same conversation, and its reply carries the same session', async () => {
    const first = await ask(OWN_SITE);
    const node = customIds(first.edit).find((id) => id.endsWith(':fact:upstream:node')) ?? '';

    const click = discord.send(buttonPress(node, first.message));
    expect((await discord.rest.callbackOf(click.id)).body).toEqual({ type: 5, data: { flags: 0 } });
    const answer = await discord.rest.editOf(click.token);
    expect(embedOf(answer).title).toBe('Answer');
    expect(embedOf(answer).description).not.toBe(embedOf(first.edit).description);
    expect(customIds(answer)).toEqual(expect.arrayContaining([`updoc:d:${first.sent.id}:feedback:up`, `updoc:d:${first.sent.id}:human`]));
    const facts = (await discord.store.load(`d:${first.sent.id}`))?.facts;
    expect(facts?.upstream?.value).toBe('node');
    expect(facts?.role?.value).toBe('owner');

    const thanks = discord.send(buttonPress(`updoc:d:${first.sent.id}:feedback:up`, botMessage(answer, { interaction: click, user: ALICE, ephemeral: false })));
    expect(embedOf(await discord.rest.editOf(thanks.token)).description).toMatch(/thanks for the feedback/i);
  });

  it('the text button opens a text box whose words continue the same conversation', async () => {
    const first = await ask(OWN_SITE);
    const textButton = customIds(first.edit).find((id) => id === `updoc-text:d:${first.sent.id}`) ?? expect.fail('no text button');

    const press = discord.send(buttonPress(textButton, first.message));
    const modal = (await discord.rest.callbackOf(press.id)).body as { type: number; data: { custom_id: string; components: { type: number; label: string; component: { custom_id: string; style: number } }[] } };
    expect(modal.type).toBe(9);
    expect(modal.data.components).toEqual([expect.objectContaining({ type: 18, label: 'Paste a log line or add details', component: expect.objectContaining({ type: 4, style: 2 }) })]);

    const logLine = 'connect() failed (111: Connection refused) while connecting to upstream, client: 10.0.0.7';
    const field = modal.data.components[0]?.component.custom_id ?? '';
    const submitted = discord.send(modalSubmit(modal.data.custom_id, field, logLine, first.message));
    expect((await discord.rest.callbackOf(submitted.id)).body).toEqual({ type: 5, data: { flags: 0 } });
    const answer = await discord.rest.editOf(submitted.token);
    expect(embedOf(answer).title).toBe('Answer');
    expect(embedOf(answer).description).toMatch(/refused|not running|listening/i);
    expect(customIds(answer)).toContain(`updoc-text:d:${first.sent.id}`);
    const transcript = (await discord.store.load(`d:${first.sent.id}`))?.transcript ?? [];
    expect(transcript.filter((t) => t.from === 'person').map((t) => t.text)).toEqual([OWN_SITE, logLine]);

    // Someone else cannot write into Alice's conversation.
    const stranger = discord.send(modalSubmit(modal.data.custom_id, field, 'hijack', first.message, BOB));
    expect((await discord.rest.callbackOf(stranger.id)).body).toMatchObject({ type: 4, data: { flags: 64 } });
  });

  it('"talk to a person" hands the conversation over', async () => {
    const first = await ask('connect() failed (111: Connection refused) while connecting to upstream');
    const human = customIds(first.edit).find((id) => id.endsWith(':human')) ?? '';

    const click = discord.send(buttonPress(human, first.message));
    expect(embedOf(await discord.rest.editOf(click.token)).title).toBe('Support team');
  });

  it('a private conversation stays private: the button reply is ephemeral too', async () => {
    const first = await ask(OWN_SITE, true);
    const node = customIds(first.edit).find((id) => id.endsWith(':fact:upstream:node')) ?? '';

    const click = discord.send(buttonPress(node, first.message));
    expect((await discord.rest.callbackOf(click.id)).body).toEqual({ type: 5, data: { flags: 64 } });
    expect(embedOf(await discord.rest.editOf(click.token)).title).toBe('Answer');
  });

  it("someone else's click gets a private notice and does not touch the conversation", async () => {
    const first = await ask(OWN_SITE);
    const node = customIds(first.edit).find((id) => id.endsWith(':fact:upstream:node')) ?? '';

    const click = discord.send(buttonPress(node, first.message, BOB));
    const callback = await discord.rest.callbackOf(click.id);
    expect(callback.body).toMatchObject({ type: 4, data: { flags: 64, content: expect.stringContaining('belongs to someone else') } });
    expect((await discord.store.load(`d:${first.sent.id}`))?.transcript).toHaveLength(2);
  });
});
