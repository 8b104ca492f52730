import JaroWinklerDistance from 'natural/lib/natural/distance/jaro-winkler_distance.js';
import { DamerauLevenshteinDistance } from 'natural/lib/natural/distance/levenshtein_distance.js';

/** Vocabulary words shorter than this are only matched exactly (up to confusable glyphs). */
const MIN_FUZZY_LENGTH = 5;
/** From this length a word may be two edits away; below it, one ("collection" is not "connection"). */
const TWO_EDITS_LENGTH = 12;
const MIN_JARO_WINKLER = 0.85;
/**
 * Right before a version ("/1.22.1") stands a product name, and version footers are the smallest
 * text on a page, the first to blur: there a product name may be two edits away, first letter included.
 */
const VERSION_SLOT_EDITS = 2;
/** OCR drops at most a couple of spaces in a row: a split word has at most this many parts. */
const MAX_PARTS = 3;
/** A word that differs only by one of these endings is another form of it, not a misreading. */
const INFLECTIONS = new Set(['s', 'es', 'd', 'ed', 'ing', 'er', 'ers', 'ly']);

/** Characters the recogniser emits for a plain Latin letter; the symbols only where they touch a letter. */
const LOOKALIKE_LETTERS: Record<string, string> = { 'ı': 'i', 'İ': 'I', 'ł': 'l', 'ſ': 's', '¥': 'Y', '€': 'e', '©': 'c' };
const LOOKALIKE_PATTERN = /[ıİłſ]|(?<=\p{L})[¥€©]|[¥€©](?=\p{L})/gu;
/** A version number with letters misread for digits: "1.l8.0". */
const VERSION = /(?<![\p{L}\p{N}])[\dOoIl|]+(?:\.[\dOoIl|]+){1,3}(?![\p{L}\p{N}])/gu;
/** A status code or other number with letters misread for digits: "5O2", "s02" (short tokens such as S3 are names). */
const NUMBER_LIKE = /^[\dOoIlSs|]{3,}$/;
/** Words and numbers; a name glued to its version ("nginv1.22.1") is two tokens. */
const TOKEN = /\p{L}+(?=\d+\.\d)|[\p{L}\p{N}]+/gu;
/** An identifier of words joined by underscores (NO_RESPONSE_FROM_FUNCTION), whose underscores OCR often reads as spaces. */
const IDENTIFIER = /\p{L}+(?:_\p{L}+)+/gu;

interface Entry {
  /** What the matched text becomes: a word, or words rejoined with their spaces ("bad gateway"). */
  replacement: string;
  skeleton: string;
}

/**
 * The shape OCR cannot tell apart: capital I, 1 and | look like l; 0 like o; rn like m; vv like w.
 * Lower-case i keeps its dot, so it stays i: "fall" must not become "fail".
 */
function skeleton(text: string): string {
  return text
    .replace(/[I1|]/g, 'l')
    .replace(/[O0]/g, 'o')
    .toLowerCase()
    .replace(/rn/g, 'm')
    .replace(/vv/g, 'w');
}

function digitsOf(text: string): string {
  return text.replace(/[Oo]/g, '0').replace(/[Il|]/g, '1').replace(/[Ss]/g, '5');
}

function isInflection(a: string, b: string): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return long.startsWith(short) && INFLECTIONS.has(long.slice(short.length));
}

/**
 * Gives the replacement the case the person saw: "GATEWAY" when the text was mostly capitals,
 * letter by letter for capitalised words of the same length ("BadGateway" → "Bad Gateway"), else
 * from the first letter.
 */
function withCaseOf(original: string, replacement: string): string {
  const upper = original.replace(/[^\p{Lu}]/gu, '').length;
  const lower = original.replace(/[^\p{Ll}]/gu, '').length;
  if (upper > 1 && upper > lower) return replacement.toUpperCase();
  if (/^\p{Lu}/u.test(original) && original.length === replacement.replace(/ /g, '').length) {
    let k = 0;
    return replacement.replace(/[^ ]/g, (c) => (/\p{Lu}/u.test(original.charAt(k++)) ? c.toUpperCase() : c));
  }
  if (/^\p{Lu}/u.test(original)) return replacement.charAt(0).toUpperCase() + replacement.slice(1);
  return replacement;
}

/**
 * Undoes what OCR does to the words evidence depends on: lookalike letters (ngınx), letters read
 * in numbers (nginx/1.l8.0, 5O2), near-misses (Cloudfiare), dropped spaces (BadGateway) and extra
 * ones (Cloud flare). It only moves text towards a vocabulary word that is close by and unique:
 * a token far from every vocabulary word stays as it is, so nothing is claimed that was not shown.
 */
export class OcrCorrector {
  private readonly words = new Set<string>();
  private readonly bySkeleton = new Map<string, Entry[]>();
  /**
   * Single words long enough for near-misses, by first letter (OCR rarely misreads a word's first
   * letter). Rejoined phrases match only exactly: "erroring" is not "error in".
   */
  private readonly fuzzyByInitial = new Map<string, Entry[]>();
  /** The words of product names, by skeleton: what stands before a version. */
  private readonly products = new Map<string, string>();
  /** The vocabulary's identifiers, found with any of their underscores read as spaces. */
  private readonly identifiers = new Map<string, string>();
  private readonly identifierPattern?: RegExp;

  /**
   * `vocabulary`: the phrases that matter (signature literals, product names), any case;
   * `products`: the product names among them.
   */
  constructor(vocabulary: Iterable<string>, products: Iterable<string> = []) {
    for (const name of products) {
      for (const word of name.toLowerCase().split(/[^\p{L}]+/u)) if (word.length >= MIN_FUZZY_LENGTH) this.products.set(skeleton(word), word);
    }
    const entries = new Map<string, Entry>();
    const add = (key: string, replacement: string) => {
      if (!entries.has(key)) entries.set(key, { replacement, skeleton: skeleton(key) });
    };
    for (const phrase of vocabulary) {
      for (const [identifier] of phrase.toLowerCase().matchAll(IDENTIFIER)) this.identifiers.set(identifier, identifier);
      for (const word of phrase.toLowerCase().split(/[^\p{L}]+/u)) {
        if (word.length < 3) continue;
        this.words.add(word);
        add(word, word);
      }
      // Runs of plain words are what a dropped space glues together: "badgateway" → "bad gateway".
      const chunks = phrase.toLowerCase().split(/\s+/);
      chunks.forEach((_, start) => {
        for (let end = start + 2; end <= Math.min(chunks.length, start + MAX_PARTS); end += 1) {
          const run = chunks.slice(start, end);
          if (run.every((chunk) => /^\p{L}+$/u.test(chunk))) add(run.join(''), run.join(' '));
        }
      });
    }
    if (this.identifiers.size > 0) {
      const spellings = [...this.identifiers.keys()].sort((a, b) => b.length - a.length).map((id) => id.split('_').join('[_ ]'));
      this.identifierPattern = new RegExp(`(?<![\\p{L}_])(?:${spellings.join('|')})(?![\\p{L}_])`, 'giu');
    }
    for (const [key, entry] of entries) {
      const list = this.bySkeleton.get(entry.skeleton) ?? [];
      list.push(entry);
      this.bySkeleton.set(entry.skeleton, list);
      if (key.length >= MIN_FUZZY_LENGTH && !entry.replacement.includes(' ')) {
        const initial = entry.skeleton.charAt(0);
        this.fuzzyByInitial.set(initial, [...(this.fuzzyByInitial.get(initial) ?? []), entry]);
      }
    }
  }

  correct(text: string): string {
    const cleaned = text
      .normalize('NFKC')
      .replace(LOOKALIKE_PATTERN, (c) => LOOKALIKE_LETTERS[c] ?? c)
      .replace(VERSION, (version) => (/\d/.test(version) ? digitsOf(version) : version))
      // Only where an underscore survived: "BAD GATEWAY" is two words, "NO_RESPONSE FROM_FUNCTION" one identifier.
      .replace(this.identifierPattern ?? /(?!)/, (text) => (text.includes('_') ? withCaseOf(text, this.identifiers.get(text.toLowerCase().replace(/ /g, '_')) ?? text) : text));
    return cleaned
      .split('\n')
      .map((line) => this.correctLine(line))
      .join('\n');
  }

  private correctLine(line: string): string {
    const tokens = [...line.matchAll(TOKEN)].map((m) => ({ text: m[0], start: m.index, end: m.index + m[0].length }));
    let out = '';
    let copied = 0;
    for (let i = 0; i < tokens.length; ) {
      const first = tokens[i]!;
      const [span, replacement] = this.correctAt(line, tokens, i);
      const last = tokens[i + span - 1]!;
      // A corrected name glued to its version gets its space back, so the name reads as a word.
      const glued = replacement !== last.text && tokens[i + span]?.start === last.end;
      out += line.slice(copied, first.start) + replacement + (glued ? ' ' : '');
      copied = last.end;
      i += span;
    }
    return out + line.slice(copied);
  }

  /**
   * How many tokens from `i` on are replaced, and by what: words split by a stray space first
   * (only when the join is exactly a vocabulary word and a part is not one), then the token alone.
   */
  private correctAt(line: string, tokens: { text: string; start: number; end: number }[], i: number): [number, string] {
    for (let parts = 2; parts <= MAX_PARTS; parts += 1) {
      const span = tokens.slice(i, i + parts);
      if (span.length < parts) break;
      const singleSpaced = span.every((token, k) => k === 0 || line.slice(span[k - 1]!.end, token.start) === ' ');
      if (!singleSpaced || !span.every((token) => /^\p{L}{2,}$/u.test(token.text))) break;
      if (span.every((token) => this.isKnown(token.text))) continue;
      const match = this.exactly(span.map((token) => token.text).join(''));
      if (match) return [parts, withCaseOf(span.map((token) => token.text).join(''), match)];
    }
    const token = tokens[i]!;
    const beforeVersion = /^\/\d/.test(line.slice(token.end)) || tokens[i + 1]?.start === token.end;
    return [1, this.correctToken(token.text, beforeVersion)];
  }

  private correctToken(token: string, beforeVersion: boolean): string {
    // Mostly digits: the letters in it are misread digits.
    const digits = token.replace(/\D/g, '').length;
    if (NUMBER_LIKE.test(token) && digits > 0 && digits * 2 >= token.length) return digitsOf(token);
    if (/[2-9]/.test(token) || this.words.has(token.toLowerCase())) return token;
    const budget = token.length >= TWO_EDITS_LENGTH ? 2 : 1;
    const match =
      this.exactly(token) ??
      this.nearly(token, budget, MIN_JARO_WINKLER) ??
      (beforeVersion ? this.productBeforeVersion(token) : undefined);
    return match ? withCaseOf(token, match) : token;
  }

  private isKnown(word: string): boolean {
    return this.words.has(word.toLowerCase()) || this.exactly(word) !== undefined;
  }

  /** The one vocabulary entry this text is, up to lookalike glyphs. */
  private exactly(text: string): string | undefined {
    const same = this.bySkeleton.get(skeleton(text));
    return same?.length === 1 ? same[0]!.replacement : undefined;
  }

  /** The one product name this text is closest to, within VERSION_SLOT_EDITS: "aginy/1.22" in a blurred footer. */
  private productBeforeVersion(text: string): string | undefined {
    const shape = skeleton(text);
    if (shape.length < MIN_FUZZY_LENGTH) return undefined;
    const matches = [...this.products]
      .map(([product, replacement]) => ({ replacement, distance: DamerauLevenshteinDistance(shape, product) }))
      .filter((match) => match.distance <= VERSION_SLOT_EDITS)
      .sort((a, b) => a.distance - b.distance);
    const [best, second] = matches;
    return best && second?.distance !== best.distance ? best.replacement : undefined;
  }

  /** The vocabulary word this text is a near-miss of, or undefined when none is close enough or two are as close. */
  private nearly(text: string, budget: number, minSimilarity: number): string | undefined {
    if (text.length < MIN_FUZZY_LENGTH) return undefined;
    const shape = skeleton(text);
    const matches: { replacement: string; skeleton: string; distance: number }[] = [];
    for (const entry of this.fuzzyByInitial.get(shape.charAt(0)) ?? []) {
      if (Math.abs(entry.skeleton.length - shape.length) > budget) continue;
      // Jaro-Winkler is the cheap filter; the edit distance decides.
      if (JaroWinklerDistance(shape, entry.skeleton) < minSimilarity) continue;
      const distance = DamerauLevenshteinDistance(shape, entry.skeleton);
      if (distance <= budget && !isInflection(shape, entry.skeleton)) matches.push({ replacement: entry.replacement, skeleton: entry.skeleton, distance });
    }
    matches.sort((a, b) => a.distance - b.distance);
    const closest = matches.filter((match) => match.distance === matches[0]?.distance);
    if (closest.length === 1) return closest[0]!.replacement;
    // Two forms of one word as close ("upstreas": upstream, upstreams): a letter misread beats a letter lost.
    const sameLength = closest.filter((match) => match.skeleton.length === shape.length);
    const [form] = sameLength;
    return form && sameLength.length === 1 && closest.every((match) => match === form || isInflection(match.skeleton, form.skeleton)) ? form.replacement : undefined;
  }
}
