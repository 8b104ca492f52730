import { INTENTS, type Intent } from '../taxonomy.js';
import { CalibratedBayes, DEFAULT_TEMPERATURE } from './classifier.js';
import type { RoleLabel } from './role-classifier.js';

export interface IntentScore {
  intent: Intent;
  probability: number;
}

/** One example line as the classifiers see it: its features, its intent, who writes such lines. */
export interface TrainingExample {
  features: string[];
  /** Absent for lines that only teach who is asking. */
  intent?: Intent;
  role?: RoleLabel;
}

/** What the person wants, as a probability for every intent. */
export class IntentClassifier {
  private readonly model: CalibratedBayes<Intent>;

  constructor(examples: readonly TrainingExample[], temperature = DEFAULT_TEMPERATURE) {
    this.model = new CalibratedBayes(examples.flatMap((e) => (e.intent ? [{ features: e.features, label: e.intent }] : [])), temperature);
  }

  /** Whether any of the message's own words were seen in training (flags alone say nothing). */
  knowsWords(features: string[]): boolean {
    return this.model.knows(features.filter((f) => !f.startsWith('#'))) > 0;
  }

  /** Every intent with its probability, most likely first. */
  classify(features: string[]): IntentScore[] {
    const scores = this.model.classify(features).map((s) => ({ intent: s.label, probability: s.probability }));
    for (const intent of INTENTS) if (!scores.some((s) => s.intent === intent)) scores.push({ intent, probability: 0 });
    return scores;
  }
}
