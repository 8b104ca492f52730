import type { Fact } from '../knowledge/schema.js';
import type { DialogRules, FactPattern } from '../knowledge/types.js';
import { LiteralPrefilter } from './literal-prefilter.js';

export interface FactCue {
  fact: Fact;
  pattern: FactPattern;
}

/**
 * The `detect` patterns of knowledge/dialog.yaml ("I'm the admin", "after I deployed"), run on a
 * text behind a literal prefilter: only the patterns whose words occur are tried.
 */
export class FactCues {
  private readonly cues: FactCue[];
  private readonly prefilter: LiteralPrefilter;

  constructor(facts: DialogRules['facts']) {
    this.cues = [...facts].flatMap(([fact, rules]) => rules.detect.map((pattern) => ({ fact, pattern })));
    this.prefilter = new LiteralPrefilter(this.cues.map((cue) => cue.pattern.requires));
  }

  /** Every cue whose pattern matches, in the order of dialog.yaml. */
  matching(text: string): FactCue[] {
    return this.prefilter.candidates(text).flatMap((i) => {
      const cue = this.cues[i] as FactCue;
      return cue.pattern.regex.test(text) ? [cue] : [];
    });
  }
}
