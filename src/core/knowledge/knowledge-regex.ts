/** A surrogate code unit: the text holds a character outside the Basic Multilingual Plane (an emoji). */
const ASTRAL = /[\ud800-\udfff]/;
/** What reads differently without the `u` flag: property and code-point escapes, astral characters. */
const UNICODE_ONLY_SYNTAX = /\\[pPu]\{|[\ud800-\udfff]/;

/** Whether every non-ASCII character of a pattern has no case (’, —, …): only those fold alike in both modes. */
function caselessBeyondAscii(source: string): boolean {
  for (const char of source) if (char.charCodeAt(0) > 0x7f && char.toLowerCase() !== char.toUpperCase()) return false;
  return true;
}

let lastText: string | undefined;
let lastTextIsAstral = false;

/** Whether a text holds astral characters; the one text most recently asked about is remembered, as a message's patterns all read it. */
function holdsAstral(text: string): boolean {
  if (text !== lastText) {
    lastText = text;
    lastTextIsAstral = ASTRAL.test(text);
  }
  return lastTextIsAstral;
}

/**
 * A pattern from the knowledge files, compiled as its authors write it: with the `u` flag (strict
 * syntax, an emoji is one character). V8 runs case-insensitive `u` regexes about five times slower
 * than the same regex without `u`, and on text without astral characters the two agree for a
 * pattern without `\p{…}`, `\u{…}`, astral characters or non-ASCII letters (the only letters
 * folded differently, ſ and the Kelvin sign, are gone after NFKC). So such text is read by the
 * twin without `u`.
 */
export class KnowledgeRegex {
  readonly exact: RegExp;
  private readonly bmp: RegExp;

  /** Throws a SyntaxError, as `new RegExp` does, for a pattern that is not valid with `flags`. */
  constructor(readonly source: string, readonly flags: string) {
    this.exact = new RegExp(source, flags);
    const twin = flags.includes('u') && !UNICODE_ONLY_SYNTAX.test(source) && caselessBeyondAscii(source);
    this.bmp = twin ? new RegExp(source, flags.replace('u', '')) : this.exact;
  }

  exec(text: string): RegExpExecArray | null {
    return (holdsAstral(text) ? this.exact : this.bmp).exec(text);
  }

  test(text: string): boolean {
    return (holdsAstral(text) ? this.exact : this.bmp).test(text);
  }
}
