import AhoCorasick from 'modern-ahocorasick';
import type { CompiledSignature } from '../knowledge/types.js';

const NON_ASCII = /[^\x00-\x7f]/;
const NON_ASCII_RUN = /[^\x00-\x7f]+/g;

/** A signature's required literals as indices into the automaton's patterns: one per clause must be present. */
type Clauses = number[][];

/**
 * Picks the signatures worth running on a text: one Aho-Corasick pass finds which required
 * literals occur, and a signature's regex runs only when every one of its clauses has a literal
 * present ("520" and one of "error", "status", "page"…), or when none could be derived.
 */
export class SignatureMatcher {
  private readonly automaton: AhoCorasick<number> | undefined;
  private readonly clauses: (Clauses | undefined)[] = [];
  /** For each literal, the signatures whose first clause holds it: the only ones worth checking. */
  private readonly byLiteral: number[][] = [];
  private readonly alwaysRun: number[] = [];

  constructor(readonly signatures: readonly CompiledSignature[]) {
    const literalIndex = new Map<string, number>();
    const indexOf = (literal: string) => {
      let index = literalIndex.get(literal);
      if (index === undefined) {
        index = literalIndex.size;
        literalIndex.set(literal, index);
        this.byLiteral.push([]);
      }
      return index;
    };
    signatures.forEach((signature, i) => {
      // The text is searched with other scripts blanked, so only ASCII clauses can be looked for.
      const usable = (signature.requires ?? []).filter((clause) => !clause.some((literal) => NON_ASCII.test(literal)));
      const [first] = usable;
      if (!first) {
        this.clauses.push(undefined);
        this.alwaysRun.push(i);
        return;
      }
      const clauses = usable.map((clause) => clause.map(indexOf));
      this.clauses.push(clauses);
      for (const literal of clauses[0] as number[]) this.byLiteral[literal]?.push(i);
    });
    this.automaton = literalIndex.size > 0 ? new AhoCorasick([...literalIndex.keys()]) : undefined;
  }

  /** The signatures that could match this text, in knowledge-base order. */
  candidates(text: string): CompiledSignature[] {
    const chosen = new Set(this.alwaysRun);
    if (this.automaton) {
      const present = new Uint8Array(this.byLiteral.length);
      // Every literal is ASCII, so the rest of the text can be blanked: the automaton is far
      // slower on long runs of other scripts (it works on grapheme clusters).
      for (const match of this.automaton.search(text.toLowerCase().replace(NON_ASCII_RUN, ' '))) present[match.patternIndex] = 1;
      const holds = (clause: readonly number[]) => clause.some((literal) => present[literal] === 1);
      present.forEach((found, literal) => {
        if (!found) return;
        for (const i of this.byLiteral[literal] ?? []) if (!chosen.has(i) && (this.clauses[i] as Clauses).every(holds)) chosen.add(i);
      });
    }
    return [...chosen].sort((a, b) => a - b).map((i) => this.signatures[i] as CompiledSignature);
  }
}
