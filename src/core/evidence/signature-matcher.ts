import type { CompiledSignature } from '../knowledge/types.js';
import { LiteralPrefilter } from '../text/literal-prefilter.js';

/**
 * Picks the signatures worth running on a text: a signature's regex runs only where the literals
 * it needs occur ("520" as a word, and one of "error", "status", "page"…).
 */
export class SignatureMatcher {
  private readonly prefilter: LiteralPrefilter;

  constructor(readonly signatures: readonly CompiledSignature[]) {
    this.prefilter = new LiteralPrefilter(signatures.map((signature) => signature.requires));
  }

  /** The signatures that could match this text, in knowledge-base order. */
  candidates(text: string): CompiledSignature[] {
    return this.prefilter.candidates(text).map((i) => this.signatures[i] as CompiledSignature);
  }
}
