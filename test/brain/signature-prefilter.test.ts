import { beforeAll, describe, expect, it } from 'vitest';
import { SignatureMatcher } from '../../src/core/evidence/signature-matcher.js';
import { requiredLiterals } from '../../src/core/knowledge/required-literals.js';
import type { KnowledgeBase } from '../../src/core/knowledge/types.js';
import { prepareText } from '../../src/core/text/prepare.js';
import { loadDiagnoser } from '../../src/runtime/diagnoser.js';

let kb: KnowledgeBase;
let matcher: SignatureMatcher;
beforeAll(() => {
  kb = loadDiagnoser().kb;
  matcher = new SignatureMatcher(kb.signatures);
});

const candidateIds = (text: string) => new Set(matcher.candidates(prepareText(text).scan).map((s) => s.id));

describe('the literal prefilter in front of the signatures', () => {
  it('never holds back a signature from a text it matches: every example of every signature', () => {
    const missed = kb.signatures.flatMap((signature) =>
      signature.examples.filter((example) => signature.regex.test(prepareText(example).scan) && !candidateIds(example).has(signature.id)).map((example) => `${signature.id}: ${example}`),
    );
    expect(missed).toEqual([]);
  });

  it('needs every part of a pattern: the code alone, or an error word alone, runs no Cloudflare 52x regex', () => {
    const cloudflare52x = (text: string) => [...candidateIds(text)].filter((id) => /^cf-52\d$/.test(id));
    expect(cloudflare52x('the status page shows an error since this morning, order 4711 failed with 503')).toEqual([]);
    expect(cloudflare52x('Error 522 on my blog')).toEqual(['cf-522']);
  });

  it('derives one clause per required part, at a word edge where the pattern puts a \\b, and every alternative must contribute', () => {
    const texts = (pattern: string) => requiredLiterals(pattern)?.all.map((clause) => clause.map((l) => `${l.wordStart ? '\\b' : ''}${l.text}${l.wordEnd ? '\\b' : ''}`));
    expect(requiredLiterals('\\bapp (?:is )?not running\\b')?.strongest).toEqual(['not running']);
    expect(texts('\\bapp (?:is )?not running\\b')).toEqual([['\\bapp '], ['not running\\b']]);
    expect(texts('(?:foo|bar)x{0,3}\\b(?:error|fault)')).toEqual(expect.arrayContaining([['foo', 'bar'], ['\\berror', '\\bfault']]));
    expect(texts('(?:foo|b)-(?:error|fault)')).toEqual([['error', 'fault']]);
    expect(requiredLiterals('a|bc')).toBeUndefined();
  });

  it('looks for a word-edged literal only at word edges', () => {
    expect([...candidateIds('error in the log')].filter((id) => id === 'rails-mention')).toEqual([]);
    expect([...candidateIds('our RoR app')].filter((id) => id === 'rails-mention')).toEqual(['rails-mention']);
  });
});
