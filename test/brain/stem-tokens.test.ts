import { describe, expect, it } from 'vitest';
import { stemTokens } from '../../src/core/text/tokens.js';

describe('stemTokens: the words a message counts', () => {
  it('reads letters, digits, apostrophes and hyphens as words, and splits at slashes and everything else', () => {
    expect(stemTokens("nginx/apache can't reach the upstream-server (again)")).toEqual(['nginx', 'apach', 'cant', 'reach', 'the', 'upstream-serv', 'again']);
  });

  it('keeps HTTP status codes, counts other numbers as #n and drops identifiers that mix letters and digits', () => {
    expect(stemTokens('502 after 30 seconds on node18 at 10.0.0.5')).toEqual(['502', 'after', '#n', 'second', 'on', 'at', '#n', '#n', '#n', '#n']);
  });

  it('trims quotes and hyphens around a word, and drops what is left empty', () => {
    expect(stemTokens("'proxy' -- //  --timeout")).toEqual(['proxi', 'timeout']);
  });
});
