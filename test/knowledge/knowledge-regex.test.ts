import { describe, expect, it } from 'vitest';
import { KnowledgeRegex } from '../../src/core/knowledge/knowledge-regex.js';

describe('a knowledge pattern reads text as a Unicode regex would', () => {
  it('counts an emoji as one character, as the u flag does', () => {
    const oneGap = new KnowledgeRegex(String.raw`\berror\W520\b`, 'iu');
    expect(oneGap.test('ERROR😭520')).toBe(true);
    expect(oneGap.exec('cloudflare error😭520 again')?.index).toBe(11);
    expect(new RegExp(String.raw`\berror\W520\b`, 'i').test('error😭520')).toBe(false);
  });

  it('matches ASCII text regardless of case, with the same groups and positions', () => {
    const version = new KnowledgeRegex(String.raw`\bnginx\/(?<version>\d+\.[\d.]+)`, 'iu');
    const match = version.exec('502 Bad Gateway\nNGINX/1.18.0 (Ubuntu)');
    expect(match?.index).toBe(16);
    expect(match?.groups?.version).toBe('1.18.0');
  });

  it('keeps property escapes and non-ASCII letters as Unicode reads them', () => {
    expect(new KnowledgeRegex(String.raw`^\p{Lu}{3}$`, 'u').test('ÉTÉ')).toBe(true);
    expect(new KnowledgeRegex('straße', 'iu').test('STRASSE')).toBe(new RegExp('straße', 'iu').test('STRASSE'));
    expect(new KnowledgeRegex('ẞ', 'iu').test('ß')).toBe(true);
  });

  it('honours case when asked to', () => {
    const exact = new KnowledgeRegex(String.raw`\bAH\d{5}:`, 'u');
    expect(exact.test('AH01102: error reading')).toBe(true);
    expect(exact.test('ah01102: error reading')).toBe(false);
  });

  it('refuses a pattern that is not valid with the u flag, as RegExp does', () => {
    expect(() => new KnowledgeRegex(String.raw`\-x\q`, 'iu')).toThrow(SyntaxError);
  });
});
