import AggressiveTokenizer from 'natural/lib/natural/tokenizers/aggressive_tokenizer.js';
import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js';

const tokenizer = new AggressiveTokenizer();
const stemCache = new Map<string, string>();
const STEM_CACHE_LIMIT = 50_000;

function stem(token: string): string {
  let stemmed = stemCache.get(token);
  if (stemmed === undefined) {
    stemmed = PorterStemmer.stem(token);
    if (stemCache.size < STEM_CACHE_LIMIT) stemCache.set(token, stemmed);
  }
  return stemmed;
}

/**
 * Stemmed word tokens of lower-case text. Numbers other than HTTP status codes become "#n" and
 * tokens mixing letters and digits (ids, hashes, versions) are dropped: they carry no meaning.
 */
export function stemTokens(plain: string): string[] {
  const out: string[] = [];
  for (const word of tokenizer.tokenize(plain)) {
    for (const part of word.split('/')) {
      const token = part.replace(/^['-]+|['-]+$/g, '');
      if (!token) continue;
      if (/^\d+$/.test(token)) out.push(/^[1-5]\d\d$/.test(token) ? token : '#n');
      else if (!/\d/.test(token) && token.length <= 30) out.push(stem(token.replace(/'/g, '')));
    }
  }
  return out;
}
