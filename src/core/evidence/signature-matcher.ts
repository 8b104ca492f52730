import AhoCorasick from 'modern-ahocorasick';
import type { CompiledSignature } from '../knowledge/types.js';

const NON_ASCII = /[^\x00-\x7f]/;
const NON_ASCII_RUN = /[^\x00-\x7f]+/g;

/**
 * Picks the signatures worth running on a text: one Aho-Corasick pass finds which required
 * literals occur, and only signatures with a present literal (or none derivable) run their regex.
 */
export class SignatureMatcher {
  private readonly automaton: AhoCorasick<number> | undefined;
  /** For each literal, the signatures that require it. */
  private readonly byLiteral: number[][] = [];
  private readonly alwaysRun: number[] = [];

  constructor(readonly signatures: readonly CompiledSignature[]) {
    const literalIndex = new Map<string, number>();
    signatures.forEach((signature, i) => {
      if (!signature.literals || signature.literals.some((literal) => NON_ASCII.test(literal))) {
        this.alwaysRun.push(i);
        return;
      }
      for (const literal of signature.literals) {
        let index = literalIndex.get(literal);
        if (index === undefined) {
          index = literalIndex.size;
          literalIndex.set(literal, index);
          this.byLiteral.push([]);
        }
        this.byLiteral[index]?.push(i);
      }
    });
    this.automaton = literalIndex.size > 0 ? new AhoCorasick([...literalIndex.keys()]) : undefined;
  }

  /** The signatures that could match this text, in knowledge-base order. */
  candidates(text: string): CompiledSignature[] {
    const chosen = new Set(this.alwaysRun);
    if (this.automaton) {
      // Every literal is ASCII, so the rest of the text can be blanked: the automaton is far
      // slower on long runs of other scripts (it works on grapheme clusters).
      for (const match of this.automaton.search(text.toLowerCase().replace(NON_ASCII_RUN, ' '))) {
        for (const i of this.byLiteral[match.patternIndex] ?? []) chosen.add(i);
      }
    }
    return [...chosen].sort((a, b) => a - b).map((i) => this.signatures[i] as CompiledSignature);
  }
}
