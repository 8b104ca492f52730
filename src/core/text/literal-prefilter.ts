import type { RequiredLiteral } from '../knowledge/required-literals.js';
import { PackedLists } from '../packed-lists.js';
import { AsciiAutomaton } from './ascii-automaton.js';

const NON_ASCII = /[^\x00-\x7f]/;

/** Whether a lower-case text has a word character ([a-z0-9_], as `\\b` reads them) at this index. */
function isWordAt(text: string, at: number): boolean {
  const code = text.charCodeAt(at); // NaN outside the text
  return (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || code === 95;
}

/**
 * Picks, among many regular expressions, the ones worth running on a text: one Aho-Corasick pass
 * finds which required literals occur (at a word's edge where the pattern needs one), and a
 * pattern runs only when every one of its clauses has a literal present, or when no literal could
 * be derived for it. Everything a text's reading touches is packed in a few typed arrays: a
 * message's reading would otherwise wait on memory for each list it follows.
 */
export class LiteralPrefilter {
  private readonly automaton: AsciiAutomaton | undefined;
  /** For each distinct text searched for, its literals (the same text may be needed at a word's edge or anywhere). */
  private readonly literalsOfText: PackedLists;
  /** Per literal: its length, and 1 where it must start or end at a word's edge. */
  private readonly lengths: Int32Array;
  private readonly wordStart: Uint8Array;
  private readonly wordEnd: Uint8Array;
  /** For each literal, the patterns whose first clause holds it: the only ones worth checking. */
  private readonly byLiteral: PackedLists;
  /** Per pattern, its clauses; per clause, its literals (one per clause must be present). */
  private readonly clausesOf: PackedLists;
  private readonly clauseLiterals: PackedLists;
  private readonly alwaysRun: number[] = [];
  /** Which literals the text being read holds: reset after each text. */
  private readonly present: Uint8Array;
  /** Which patterns were checked for the text being read: reset after each text. */
  private readonly checked: Uint8Array;

  /** `requirements[i]`: the literal clauses of pattern i (see `requiredLiterals`), if any. */
  constructor(requirements: readonly (readonly RequiredLiteral[][] | undefined)[]) {
    const literalIndex = new Map<string, number>();
    const textIndex = new Map<string, number>();
    const literalsOfText: number[][] = [];
    const literals: RequiredLiteral[] = [];
    const byLiteral: number[][] = [];
    const indexOf = (literal: RequiredLiteral) => {
      const key = `${literal.wordStart ? 1 : 0}${literal.wordEnd ? 1 : 0}${literal.text}`;
      let index = literalIndex.get(key);
      if (index === undefined) {
        index = literals.length;
        literalIndex.set(key, index);
        literals.push(literal);
        byLiteral.push([]);
        let text = textIndex.get(literal.text);
        if (text === undefined) {
          text = textIndex.size;
          textIndex.set(literal.text, text);
          literalsOfText.push([]);
        }
        literalsOfText[text]?.push(index);
      }
      return index;
    };
    const clausesOf: number[][] = [];
    const clauseLiterals: number[][] = [];
    requirements.forEach((clauses, i) => {
      // The text is searched with other scripts blanked, so only ASCII clauses can be looked for.
      const usable = (clauses ?? []).filter((clause) => !clause.some((literal) => NON_ASCII.test(literal.text)));
      if (usable.length === 0) {
        this.alwaysRun.push(i);
        clausesOf.push([]);
        return;
      }
      const ids = usable.map((clause) => clause.map(indexOf));
      clausesOf.push(ids.map((clause) => clauseLiterals.push(clause) - 1));
      for (const literal of ids[0] as number[]) byLiteral[literal]?.push(i);
    });
    this.literalsOfText = new PackedLists(literalsOfText);
    this.lengths = Int32Array.from(literals, (literal) => literal.text.length);
    this.wordStart = Uint8Array.from(literals, (literal) => (literal.wordStart ? 1 : 0));
    this.wordEnd = Uint8Array.from(literals, (literal) => (literal.wordEnd ? 1 : 0));
    this.byLiteral = new PackedLists(byLiteral);
    this.clausesOf = new PackedLists(clausesOf);
    this.clauseLiterals = new PackedLists(clauseLiterals);
    this.present = new Uint8Array(literals.length);
    this.checked = new Uint8Array(requirements.length);
    this.automaton = textIndex.size > 0 ? new AsciiAutomaton([...textIndex.keys()]) : undefined;
  }

  /** Whether each of the pattern's clauses has one of its literals present. */
  private holds(pattern: number): boolean {
    const { clausesOf, clauseLiterals, present } = this;
    for (let c = clausesOf.starts[pattern] as number; c < (clausesOf.starts[pattern + 1] as number); c++) {
      const clause = clausesOf.items[c] as number;
      let any = false;
      for (let k = clauseLiterals.starts[clause] as number; !any && k < (clauseLiterals.starts[clause + 1] as number); k++) {
        any = present[clauseLiterals.items[k] as number] === 1;
      }
      if (!any) return false;
    }
    return true;
  }

  /** The indices of the patterns that could match this text, in ascending order. */
  candidates(text: string): number[] {
    const chosen = [...this.alwaysRun];
    if (!this.automaton) return chosen;
    const { present, checked, literalsOfText, lengths, wordStart, wordEnd, byLiteral } = this;
    const found: number[] = [];
    // Lower case, as the patterns match regardless of case; characters of other scripts are
    // never in a literal and are not word characters, as for a regular expression's `\b`.
    const lower = text.toLowerCase();
    this.automaton.forEach(lower, (textId, end) => {
      for (let k = literalsOfText.starts[textId] as number; k < (literalsOfText.starts[textId + 1] as number); k++) {
        const id = literalsOfText.items[k] as number;
        if (present[id] === 1 || (wordStart[id] === 1 && isWordAt(lower, end - (lengths[id] as number) - 1)) || (wordEnd[id] === 1 && isWordAt(lower, end))) continue;
        present[id] = 1;
        found.push(id);
      }
    });
    const checkedList: number[] = [];
    for (const literal of found) {
      for (let k = byLiteral.starts[literal] as number; k < (byLiteral.starts[literal + 1] as number); k++) {
        const i = byLiteral.items[k] as number;
        if (checked[i] === 1) continue;
        checked[i] = 1;
        checkedList.push(i);
        if (this.holds(i)) chosen.push(i);
      }
    }
    for (const literal of found) present[literal] = 0;
    for (const i of checkedList) checked[i] = 0;
    return this.alwaysRun.length === chosen.length ? chosen : chosen.sort((a, b) => a - b);
  }
}
