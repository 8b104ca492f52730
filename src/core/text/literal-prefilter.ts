import AhoCorasick from 'modern-ahocorasick';
import type { RequiredLiteral } from '../knowledge/required-literals.js';

const NON_ASCII = /[^\x00-\x7f]/;
const NON_ASCII_RUN = /[^\x00-\x7f]+/g;
const WORD_CHAR = /[a-z0-9_]/;

/** A pattern's required literals as indices into the literal list: one per clause must be present. */
type Clauses = number[][];

const isWordAt = (text: string, at: number) => at >= 0 && at < text.length && WORD_CHAR.test(text[at] as string);

/**
 * Picks, among many regular expressions, the ones worth running on a text: one Aho-Corasick pass
 * finds which required literals occur (at a word's edge where the pattern needs one), and a
 * pattern runs only when every one of its clauses has a literal present, or when no literal could
 * be derived for it.
 */
export class LiteralPrefilter {
  private readonly automaton: AhoCorasick<number> | undefined;
  /** For each distinct text searched for, its literals (the same text may be needed at a word's edge or anywhere). */
  private readonly literalsOfText: RequiredLiteral[][] = [];
  private readonly literalIds: number[][] = [];
  private readonly clauses: (Clauses | undefined)[] = [];
  /** For each literal, the patterns whose first clause holds it: the only ones worth checking. */
  private readonly byLiteral: number[][] = [];
  private readonly alwaysRun: number[] = [];
  private readonly literalCount: number;

  /** `requirements[i]`: the literal clauses of pattern i (see `requiredLiterals`), if any. */
  constructor(requirements: readonly (readonly RequiredLiteral[][] | undefined)[]) {
    const literalIndex = new Map<string, number>();
    const textIndex = new Map<string, number>();
    const indexOf = (literal: RequiredLiteral) => {
      const key = `${literal.wordStart ? 1 : 0}${literal.wordEnd ? 1 : 0}${literal.text}`;
      let index = literalIndex.get(key);
      if (index === undefined) {
        index = literalIndex.size;
        literalIndex.set(key, index);
        this.byLiteral.push([]);
        let text = textIndex.get(literal.text);
        if (text === undefined) {
          text = textIndex.size;
          textIndex.set(literal.text, text);
          this.literalsOfText.push([]);
          this.literalIds.push([]);
        }
        this.literalsOfText[text]?.push(literal);
        this.literalIds[text]?.push(index);
      }
      return index;
    };
    requirements.forEach((clauses, i) => {
      // The text is searched with other scripts blanked, so only ASCII clauses can be looked for.
      const usable = (clauses ?? []).filter((clause) => !clause.some((literal) => NON_ASCII.test(literal.text)));
      if (usable.length === 0) {
        this.clauses.push(undefined);
        this.alwaysRun.push(i);
        return;
      }
      const ids = usable.map((clause) => clause.map(indexOf));
      this.clauses.push(ids);
      for (const literal of ids[0] as number[]) this.byLiteral[literal]?.push(i);
    });
    this.literalCount = literalIndex.size;
    this.automaton = textIndex.size > 0 ? new AhoCorasick([...textIndex.keys()]) : undefined;
  }

  /** The indices of the patterns that could match this text, in ascending order. */
  candidates(text: string): number[] {
    const chosen = new Set(this.alwaysRun);
    if (this.automaton) {
      const present = new Uint8Array(this.literalCount);
      // Every literal is ASCII, so the rest of the text can be blanked: the automaton is far
      // slower on long runs of other scripts (it works on grapheme clusters). Blanks are not word
      // characters, as other scripts' letters are not for a regular expression's `\b`.
      const searched = text.toLowerCase().replace(NON_ASCII_RUN, ' ');
      for (const match of this.automaton.search(searched)) {
        const literals = this.literalsOfText[match.patternIndex] as RequiredLiteral[];
        literals.forEach((literal, k) => {
          if (literal.wordStart && isWordAt(searched, match.start - 1)) return;
          if (literal.wordEnd && isWordAt(searched, match.end)) return;
          present[(this.literalIds[match.patternIndex] as number[])[k] as number] = 1;
        });
      }
      const holds = (clause: readonly number[]) => clause.some((literal) => present[literal] === 1);
      present.forEach((found, literal) => {
        if (!found) return;
        for (const i of this.byLiteral[literal] ?? []) if (!chosen.has(i) && (this.clauses[i] as Clauses).every(holds)) chosen.add(i);
      });
    }
    return [...chosen].sort((a, b) => a - b);
  }
}
