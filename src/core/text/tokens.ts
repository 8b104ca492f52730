import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js';

/**
 * A word as natural's AggressiveTokenizer reads it (letters, digits, ' and -) with "/" also splitting
 * ("nginx/apache" is two words): one pass, no intermediate lists.
 */
const WORD = /[a-zA-Z0-9'-]+/g;
/** A word as it was written → what it counts as (a stem, a status code, "#n"), or null when dropped. */
const wordCache = new Map<string, string | null>();
const WORD_CACHE_LIMIT = 50_000;

function readWord(part: string): string | null {
  const token = part.replace(/^['-]+|['-]+$/g, '');
  if (!token) return null;
  if (/^\d+$/.test(token)) return /^[1-5]\d\d$/.test(token) ? token : '#n';
  if (!/\d/.test(token) && token.length <= 30) return PorterStemmer.stem(token.replace(/'/g, ''));
  return null;
}

function word(part: string): string | null {
  let read = wordCache.get(part);
  if (read === undefined) {
    read = readWord(part);
    if (wordCache.size < WORD_CACHE_LIMIT) wordCache.set(part, read);
  }
  return read;
}

/**
 * Stemmed word tokens of lower-case text. Numbers other than HTTP status codes become "#n" and
 * tokens mixing letters and digits (ids, hashes, versions) are dropped: they carry no meaning.
 */
export function stemTokens(plain: string): string[] {
  const out: string[] = [];
  for (const written of plain.match(WORD) ?? []) {
    const read = word(written);
    if (read !== null) out.push(read);
  }
  return out;
}
