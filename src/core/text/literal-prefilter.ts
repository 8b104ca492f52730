import type { RequiredLiteral } from '../knowledge/required-literals.js';
import { AsciiAutomaton } from './ascii-automaton.js';

const NON_ASCII = /[^\x00-\x7f]/;

/** A pattern's required literals as indices into the literal list: one per clause must be present. */
type Clauses = number[][];

/** Whether a lower-case text has a word character ([a-z0-9_], as `\\b` reads them) at this index. */
function isWordAt(text: string, at: number): boolean {
  const code = text.charCodeAt(at); // NaN outside the text
  return (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || code === 95;
}

/**
 * Picks, among many regular expressions, the ones worth running on a text: one Aho-Corasick pass
 * finds which required literals occur (at a word's edge where the pattern needs one), and a
 * pattern runs only when every one of its clauses has a literal present, or when no literal could
 * be derived for it.
 */
export class LiteralPrefilter {
  private readonly automaton: AsciiAutomaton | undefined;
  /** For each distinct text searched for, its literals (the same text may be needed at a word's edge or anywhere). */
  private readonly literalsOfText: RequiredLiteral[][] = [];
  private readonly literalIds: number[][] = [];
  private readonly clauses: (Clauses | undefined)[] = [];
  /** For each literal, the patterns whose first clause holds it: the only ones worth checking. */
  private readonly byLiteral: number[][] = [];
  private readonly alwaysRun: number[] = [];
  /** Which literals the text being read holds: reset after each text. */
  private readonly present: Uint8Array;
  /** Which patterns were checked for the text being read: reset after each text. */
  private readonly checked: Uint8Array;

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
    this.present = new Uint8Array(literalIndex.size);
    this.checked = new Uint8Array(requirements.length);
    this.automaton = textIndex.size > 0 ? new AsciiAutomaton([...textIndex.keys()]) : undefined;
  }

  /** The indices of the patterns that could match this text, in ascending order. */
  candidates(text: string): number[] {
    const chosen = [...this.alwaysRun];
    if (!this.automaton) return chosen;
    const { present, literalIds, literalsOfText } = this;
    const found: number[] = [];
    // Lower case, as the patterns match regardless of case; characters of other scripts are
    // never in a literal and are not word characters, as for a regular expression's `\b`.
    const lower = text.toLowerCase();
    this.automaton.forEach(lower, (textId, end) => {
      const literals = literalsOfText[textId] as RequiredLiteral[];
      const ids = literalIds[textId] as number[];
      const start = end - (literals[0] as RequiredLiteral).text.length;
      for (let k = 0; k < literals.length; k++) {
        const id = ids[k] as number;
        const literal = literals[k] as RequiredLiteral;
        if (present[id] || (literal.wordStart && isWordAt(lower, start - 1)) || (literal.wordEnd && isWordAt(lower, end))) continue;
        present[id] = 1;
        found.push(id);
      }
    });
    const holds = (clause: readonly number[]) => clause.some((literal) => present[literal] === 1);
    const checked: number[] = [];
    for (const literal of found) {
      for (const i of this.byLiteral[literal] as number[]) {
        if (this.checked[i]) continue;
        this.checked[i] = 1;
        checked.push(i);
        if ((this.clauses[i] as Clauses).every(holds)) chosen.push(i);
      }
    }
    for (const literal of found) present[literal] = 0;
    for (const i of checked) this.checked[i] = 0;
    return this.alwaysRun.length === chosen.length ? chosen : chosen.sort((a, b) => a - b);
  }
}
