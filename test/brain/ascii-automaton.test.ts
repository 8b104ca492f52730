import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AsciiAutomaton } from '../../src/core/text/ascii-automaton.js';

/** Every (pattern, end) occurrence, found the slow way. */
function naive(patterns: readonly string[], text: string): string[] {
  const found: string[] = [];
  patterns.forEach((pattern, i) => {
    for (let at = text.indexOf(pattern); at !== -1; at = text.indexOf(pattern, at + 1)) found.push(`${i}@${at + pattern.length}`);
  });
  return found.sort();
}

function automaton(patterns: readonly string[], text: string): string[] {
  const found: string[] = [];
  new AsciiAutomaton(patterns).forEach(text, (pattern, end) => found.push(`${pattern}@${end}`));
  return found.sort();
}

describe('the ASCII Aho-Corasick automaton', () => {
  it('finds every occurrence of every pattern, overlapping ones and those inside others included', () => {
    const patterns = ['error', 'ror', 'rr', 'or', 'server error', 'erro'];
    expect(automaton(patterns, 'server error: error in errors')).toEqual(naive(patterns, 'server error: error in errors'));
  });

  it('agrees with a plain search on any text and patterns over a small alphabet', () => {
    const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', ' ', '-'), minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(fc.uniqueArray(word, { minLength: 1, maxLength: 12 }), fc.string({ unit: fc.constantFrom('a', 'b', 'c', ' ', '-', 'x', 'é'), maxLength: 80 }), (patterns, text) => {
        expect(automaton(patterns, text)).toEqual(naive(patterns, text));
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a pattern outside ASCII', () => {
    expect(() => new AsciiAutomaton(['café'])).toThrow(RangeError);
  });
});
