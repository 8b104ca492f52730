import { describe, expect, it } from 'vitest';
import { toDiscordMarkdown } from '../../src/channels/discord/markdown.js';
import { BUTTONS_PER_ROW, DESCRIPTION_LIMIT, LABEL_LIMIT, renderOutOfTurn, renderReply, ROW_LIMIT, TEXT_BUTTON_LABEL } from '../../src/channels/discord/render.js';
import { CUSTOM_ID_LIMIT, parseButtonId, parseTextId } from '../../src/channels/discord/custom-id.js';

const SESSION = 'd:1234567890123456789';
const buttonsOf = (message: ReturnType<typeof renderReply>) => message.components.flatMap((row) => row.components);

describe('renderReply', () => {
  it('keeps a very long reply within the embed limit and marks the cut', () => {
    const text = Array.from({ length: 400 }, (_, i) => `${i + 1}. Step number ${i + 1} with a few more words to make it long.`).join('\n');
    const embed = renderReply({ kind: 'answer', text, actions: [] }, SESSION).embeds[0];
    expect(embed?.description?.length).toBeLessThanOrEqual(DESCRIPTION_LIMIT);
    expect(embed?.description?.endsWith('…')).toBe(true);
    expect(embed?.description).toMatch(/^1\. Step number 1 /);
  });

  it('cuts even a reply without line breaks', () => {
    const embed = renderReply({ kind: 'answer', text: 'x'.repeat(10_000), actions: [] }, SESSION).embeds[0];
    expect(embed?.description).toHaveLength(DESCRIPTION_LIMIT);
  });

  it('keeps many actions within 5 rows of 5 buttons, labels within 80 and custom ids within 100, and never drops "talk to a person" or the text button', () => {
    const actions = [
      ...Array.from({ length: 40 }, (_, i) => ({ id: `fact:upstream:choice${i}`, label: `A very long label number ${i} `.repeat(6), role: 'choice' as const })),
      { id: 'feedback:up', label: '👍 Helpful', role: 'feedback' as const },
      { id: 'human', label: 'Talk to a person', role: 'handoff' as const },
    ];
    const message = renderReply({ kind: 'question', text: 'Which one?', actions }, SESSION);
    expect(message.components.length).toBeLessThanOrEqual(ROW_LIMIT);
    for (const row of message.components) expect(row.components.length).toBeLessThanOrEqual(BUTTONS_PER_ROW);
    const buttons = buttonsOf(message);
    expect(buttons).toHaveLength(ROW_LIMIT * BUTTONS_PER_ROW);
    for (const button of buttons) {
      expect(button.label?.length).toBeLessThanOrEqual(LABEL_LIMIT);
      expect(button.custom_id.length).toBeLessThanOrEqual(CUSTOM_ID_LIMIT);
    }
    expect(new Set(buttons.map((b) => b.custom_id)).size).toBe(buttons.length);
    expect(buttons.map((b) => b.custom_id)).toContain(`updoc:${SESSION}:human`);
    expect(buttons.at(-1)?.custom_id).toBe(`updoc-text:${SESSION}`);
  });

  it('leaves out an action whose custom id would be too long, and duplicates', () => {
    const actions = [
      { id: `fact:url:${'x'.repeat(100)}`, label: 'Too long', role: 'choice' as const },
      { id: 'feedback:up', label: '👍 Helpful', role: 'feedback' as const },
      { id: 'feedback:up', label: '👍 Helpful', role: 'feedback' as const },
    ];
    expect(buttonsOf(renderReply({ kind: 'answer', text: 'Done.', actions }, SESSION)).map((b) => b.label)).toEqual(['👍 Helpful', TEXT_BUTTON_LABEL]);
  });

  it('puts choices on rows of their own, above feedback, "talk to a person" and the text button', () => {
    const actions = [
      { id: 'fact:role:visitor', label: 'Visiting', role: 'choice' as const },
      { id: 'fact:role:owner', label: 'My site', role: 'choice' as const },
      { id: 'more', label: 'More', role: 'more' as const },
      { id: 'human', label: 'Talk to a person', role: 'handoff' as const },
    ];
    const rows = renderReply({ kind: 'answer', text: 'Here.', actions }, SESSION).components.map((row) => row.components.map((b) => b.label));
    expect(rows).toEqual([['Visiting', 'My site'], ['More', 'Talk to a person', TEXT_BUTTON_LABEL]]);
  });

  it('offers a way to send text under every reply but progress: a button whose id names the conversation', () => {
    const [button] = buttonsOf(renderReply({ kind: 'question', text: 'Can you paste the line your error log shows?', actions: [] }, SESSION));
    expect(button).toMatchObject({ label: TEXT_BUTTON_LABEL, style: 2 });
    expect(parseTextId(button?.custom_id ?? '', 'button')).toBe(SESSION);
    expect(renderReply({ kind: 'progress', text: 'Checking…', actions: [] }, SESSION).components).toEqual([]);
  });

  it("shows a staff member's words as written, under their name, with the buttons of updoc's note", () => {
    const back = { id: 'bot', label: 'Back to the bot', role: 'back' as const };
    const message = renderOutOfTurn(
      [
        { from: 'bot', seq: 1, reply: { kind: 'handoff', text: 'Alex from the support team has joined the conversation.', actions: [back], diagnosis: { intent: 'human', vendor: 'unknown', upstream: 'unknown', cause: 'unknown', article: null, confidence: 1 } } },
        { from: 'staff', seq: 2, author: 'Alex', text: 'Try `sudo systemctl restart php-fpm` <@everyone> **now**' },
      ],
      SESSION,
    );
    expect(message.embeds.map((e) => e.author?.name ?? e.title)).toEqual(['Support team', 'Alex · support team']);
    expect(message.embeds[1]?.description).toBe('Try \\`sudo systemctl restart php\\-fpm\\` \\<@everyone\\> \\*\\*now\\*\\*');
    expect(buttonsOf(message).map((b) => b.label)).toEqual(['Back to the bot', TEXT_BUTTON_LABEL]);
  });

  it('titles and colours the embed by kind, with a note in the footer', () => {
    const embed = renderReply({ kind: 'error', text: 'Nope.', actions: [] }, SESSION, 'b.png is larger than 10 MB, so I left it out.').embeds[0];
    expect(embed).toMatchObject({ title: 'Sorry', color: 0xe74c3c, footer: { text: 'b.png is larger than 10 MB, so I left it out.' } });
  });

  it('builds custom ids that parse back to the session and the action', () => {
    const id = buttonsOf(renderReply({ kind: 'question', text: '?', actions: [{ id: 'fact:role:owner', label: 'Mine', role: 'choice' as const }] }, SESSION))[0]?.custom_id ?? '';
    expect(parseButtonId(id)).toEqual({ sessionId: SESSION, actionId: 'fact:role:owner' });
    expect(parseButtonId('someone-else:1')).toBeUndefined();
  });
});

describe('toDiscordMarkdown', () => {
  it('passes the light markdown through', () => {
    const text = '**nginx** could not connect.\n\n- one\n- two\n\n1. `ss -ltnp`\n2. _then_ reload';
    expect(toDiscordMarkdown(text)).toBe(text);
  });

  it('escapes what only Discord would read, outside code spans', () => {
    expect(toDiscordMarkdown('a ||secret|| and ~~gone~~ and __init__')).toBe('a \\|\\|secret\\|\\| and \\~\\~gone\\~\\~ and \\_\\_init\\_\\_');
    expect(toDiscordMarkdown('# Title\n> quoted\n-# small')).toBe('\\# Title\n\\> quoted\n\\-# small');
    expect(toDiscordMarkdown('ping <@123> at <t:1700000000>')).toBe('ping \\<@123> at \\<t:1700000000>');
    expect(toDiscordMarkdown('log: `a ||b|| __c__`')).toBe('log: `a ||b|| __c__`');
  });
});
