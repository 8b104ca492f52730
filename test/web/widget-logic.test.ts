import { describe, expect, it } from 'vitest';
import { contrastRatio, parseHexColor, readableTextOn } from '../../src/channels/web/widget/contrast.js';
import { restoredEntries } from '../../src/channels/web/widget/restore.js';

describe('the widget text colour on the brand colour', () => {
  it('reads colours as #rrggbb and refuses anything else', () => {
    expect(parseHexColor('#0B5FFF')).toBe('#0b5fff');
    expect(parseHexColor(' #fc0 ')).toBe('#ffcc00');
    for (const bad of ['red', '#12345', 'url(x)', '', null, undefined]) expect(parseHexColor(bad)).toBeUndefined();
  });

  it('picks white or black, whichever meets WCAG AA on any colour', () => {
    for (const brand of ['#0b5fff', '#ffcc00', '#1a7f37', '#e91e63', '#777777', '#767676', '#d2691e', '#000000', '#ffffff', '#00bcd4']) {
      const text = readableTextOn(brand);
      expect(['#ffffff', '#000000']).toContain(text);
      expect(contrastRatio(brand, text), brand).toBeGreaterThanOrEqual(4.5);
    }
    expect(readableTextOn('#0b5fff')).toBe('#ffffff');
    expect(readableTextOn('#ffcc00')).toBe('#000000');
  });
});

describe('a restored conversation', () => {
  const question = { id: 'fact:role:owner', label: "It's my site", role: 'choice' as const };
  const answerButtons = [
    { id: 'feedback:up', label: '👍 Helpful', role: 'feedback' as const, sentiment: 'up' as const },
    { id: 'human', label: 'Talk to a person', role: 'handoff' as const },
  ];

  it('shows button presses as their labels, drops progress lines and keeps only the last buttons', () => {
    const entries = restoredEntries([
      { from: 'person', text: 'what does 502 mean' },
      { from: 'bot', text: 'Is it your site?', kind: 'question', actions: [question] },
      { from: 'person', text: '[button] fact:role:owner' },
      { from: 'bot', text: 'Checking example.com… DNS ✓', kind: 'progress', actions: [] },
      { from: 'bot', text: 'Your app is down.', kind: 'answer', actions: answerButtons },
    ]);
    expect(entries).toEqual([
      { from: 'person', text: 'what does 502 mean' },
      { from: 'bot', reply: { kind: 'question', text: 'Is it your site?', actions: [] } },
      { from: 'person', text: "It's my site" },
      { from: 'bot', reply: { kind: 'answer', text: 'Your app is down.', actions: answerButtons } },
    ]);
  });

  it('leaves out a button press whose label it cannot know', () => {
    const entries = restoredEntries([
      { from: 'person', text: '[button] human' },
      { from: 'bot', text: 'A person will take over.', kind: 'handoff' },
    ]);
    expect(entries).toEqual([{ from: 'bot', reply: { kind: 'handoff', text: 'A person will take over.', actions: [] } }]);
  });
});
