import { describe, expect, it } from 'vitest';
import { renderReply, SLACK_LIMITS } from '../../src/channels/slack/render.js';
import type { Reply, ReplyKind } from '../../src/core/reply/model.js';

function reply(text: string, actions: Reply['actions'] = [], kind: ReplyKind = 'answer'): Reply {
  return { kind, text, actions, diagnosis: { intent: 'explain', vendor: 'unknown', upstream: 'unknown', cause: 'unknown', article: null, confidence: 0 } };
}

const sectionTexts = (r: Reply) =>
  renderReply(r).blocks.flatMap((b) => (b.type === 'section' && b.text ? [b.text.text] : []));

describe('renderReply', () => {
  it('converts the light markdown to mrkdwn and escapes what Slack reads as markup', () => {
    const text = [
      'Your **nginx** answered `502` & the <title> says _Bad Gateway_.',
      '',
      '**Steps**',
      '1. Run `curl -v http://127.0.0.1:8080/ 2>&1 | grep "<h1>"`.',
      '2. Read the log.',
      '',
      '- a bullet',
      '- another with **bold**',
    ].join('\n');
    expect(sectionTexts(reply(text))).toEqual([
      [
        'Your *nginx* answered `502` &amp; the &lt;title&gt; says _Bad Gateway_.',
        '',
        '*Steps*',
        '1. Run `curl -v http://127.0.0.1:8080/ 2&gt;&amp;1 | grep "&lt;h1&gt;"`.',
        '2. Read the log.',
        '',
        '• a bullet',
        '• another with *bold*',
      ].join('\n'),
    ]);
  });

  it('leaves code as written: no bold inside backticks or code blocks', () => {
    const text = 'Look for `**kwargs` here:\n\n```\nupstream **timed out** <-\n```';
    expect(sectionTexts(reply(text))).toEqual(['Look for `**kwargs` here:\n\n```\nupstream **timed out** &lt;-\n```']);
  });

  it('turns actions into buttons with unique action ids naming their role, carrying the action id as value', () => {
    const actions = [
      { id: 'fact:role:owner', label: "It's my site", role: 'choice' as const },
      { id: 'human', label: 'Talk to a person', role: 'handoff' as const },
    ];
    const { blocks } = renderReply(reply('Is this your site?', actions, 'question'));
    expect(blocks.at(-1)).toEqual({
      type: 'actions',
      elements: [
        { type: 'button', action_id: 'updoc:choice:0', value: 'fact:role:owner', text: { type: 'plain_text', text: "It's my site", emoji: true } },
        { type: 'button', action_id: 'updoc:handoff:1', value: 'human', text: { type: 'plain_text', text: 'Talk to a person', emoji: true } },
      ],
    });
  });

  it('renders a progress reply as one context line', () => {
    expect(renderReply(reply('Checking example.com… DNS ✓ HTTP 502 ✗', [], 'progress'))).toEqual({
      text: 'Checking example.com… DNS ✓ HTTP 502 ✗',
      blocks: [{ type: 'context', elements: [{ type: 'mrkdwn', text: 'Checking example.com… DNS ✓ HTTP 502 ✗' }] }],
    });
  });

  it("renders a live check's progress as its checklist, in plain words", () => {
    const checklist = { title: 'Checking example.com', items: [{ label: "Find the site's server", state: 'done' as const }, { label: 'Ask for the page', state: 'running' as const }] };
    expect(renderReply({ ...reply('Checking example.com… DNS ✓', [], 'progress'), checklist }).blocks).toEqual([
      { type: 'context', elements: [{ type: 'mrkdwn', text: "*Checking example.com*\n✓ Find the site's server\n… Ask for the page" }] },
    ]);
  });

  it("keeps a very long reply within Slack's limits", () => {
    const paragraph = `${'A line about the upstream & its <socket>, '.repeat(40)}\n\`\`\`\n${'log line <x> & more\n'.repeat(60)}\`\`\``;
    const text = Array.from({ length: 120 }, (_, i) => `**Part ${i}** ${paragraph}`).join('\n\n') + ` ${'unbroken'.repeat(900)}`;
    const actions = Array.from({ length: 30 }, (_, i) => ({ id: `intent:${i}`, label: `${'A very long button label '.repeat(5)}${i} 👍`, role: 'choice' as const }));
    const { text: fallback, blocks } = renderReply(reply(text, actions));

    expect(blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
    expect(fallback.length).toBeLessThanOrEqual(SLACK_LIMITS.fallbackText);
    const sections = blocks.flatMap((b) => (b.type === 'section' && b.text ? [b.text.text] : []));
    for (const section of sections) {
      expect(section.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
      expect(section.split('\n').filter((l) => l.startsWith('```')).length % 2, 'code blocks are closed in each section').toBe(0);
      expect(section, 'no entity is cut in half').not.toMatch(/&(?!amp;|lt;|gt;)/);
    }
    expect(sections.some((s) => s.startsWith('```')), 'a code block cut in two is reopened').toBe(true);
    expect(sections.at(-1)).toMatch(/did not fit/);
    const buttons = blocks.flatMap((b) => (b.type === 'actions' ? b.elements : []));
    expect(buttons).toHaveLength(30);
    for (const block of blocks) if (block.type === 'actions') expect(block.elements.length).toBeLessThanOrEqual(SLACK_LIMITS.actionsPerBlock);
    for (const button of buttons) {
      if (button.type !== 'button') throw new Error('not a button');
      expect(button.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.buttonLabel);
      expect(button.text.text).toMatch(/…$/);
    }
    expect(new Set(buttons.map((b) => (b.type === 'button' ? b.action_id : ''))).size).toBe(30);
  });

  it('cuts a word longer than a section anywhere but inside an escaped character', () => {
    const word = '&<>x'.repeat(2_000);
    const sections = sectionTexts(reply(word));
    expect(sections.length).toBeGreaterThan(1);
    for (const section of sections) {
      expect(section.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
      expect(section).toMatch(/^(?:&amp;|&lt;|&gt;|x)+$/);
    }
    expect(sections.join('')).toBe('&amp;&lt;&gt;x'.repeat(2_000));
  });

  it('cuts a long reply between paragraphs, keeping all of it when it fits in 50 blocks', () => {
    const paragraphs = Array.from({ length: 12 }, (_, i) => `Paragraph ${i}: ${'word '.repeat(120).trim()}.`);
    const sections = sectionTexts(reply(paragraphs.join('\n\n')));
    expect(sections.length).toBeGreaterThan(1);
    expect(sections.join('\n\n')).toBe(paragraphs.join('\n\n'));
    for (const section of sections) expect(section.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
  });
});
