import { INTENTS, type Intent } from '../taxonomy.js';
import { CalibratedBayes, DEFAULT_TEMPERATURE, type BayesModel } from './classifier.js';
import type { FeatureSpace } from './feature-space.js';
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

export interface IntentReading {
  /** Every intent with its probability, most likely first. */
  intents: IntentScore[];
  /** Whether any of the message's own words were seen in training (flags alone say nothing). */
  knowsWords: boolean;
}

/** What the person wants, as a probability for every intent. */
export class IntentClassifier {
  constructor(private readonly model: CalibratedBayes<Intent>) {}

  static train(examples: readonly TrainingExample[], temperature = DEFAULT_TEMPERATURE): IntentClassifier {
    return new IntentClassifier(CalibratedBayes.train(examples.flatMap((e) => (e.intent ? [{ features: e.features, label: e.intent }] : [])), temperature));
  }

  /** Messages are read as ids in `space` (`readIds`). */
  static fromModel(model: BayesModel, space: FeatureSpace, temperature = DEFAULT_TEMPERATURE): IntentClassifier {
    return new IntentClassifier(new CalibratedBayes<Intent>(model, temperature, space));
  }

  get trained(): BayesModel {
    return this.model.model;
  }

  /** A message read from the ids of its features in the classifier's space. */
  readIds(ids: readonly number[]): IntentReading {
    return this.readKnown(this.model.knownIds(ids));
  }

  private readKnown(known: number[]): IntentReading {
    const intents = this.model.classifyKnown(known).map((s) => ({ intent: s.label, probability: s.probability }));
    for (const intent of INTENTS) if (!intents.some((s) => s.intent === intent)) intents.push({ intent, probability: 0 });
    return { intents, knowsWords: known.some((i) => this.model.isWord(i)) };
  }
}
