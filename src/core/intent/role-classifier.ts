import { CalibratedBayes, DEFAULT_TEMPERATURE, type BayesModel, type Scored } from './classifier.js';
import type { FeatureSpace } from './feature-space.js';

/** Who writes a message: the site's owner, one of its visitors, or nothing says which. */
export const ROLE_LABELS = ['owner', 'visitor', 'neutral'] as const;
export type RoleLabel = (typeof ROLE_LABELS)[number];
export type Role = Exclude<RoleLabel, 'neutral'>;

/** A role is claimed only at this probability; below it the dialog treats the role as unknown. */
export const ROLE_THRESHOLD = 0.75;

export interface RoleReading {
  /** The role the message shows, when it shows one clearly enough. */
  role?: Role;
  /** The probability of that role (or of the likeliest role when none is claimed). */
  probability: number;
  scores: Scored<RoleLabel>[];
}

/**
 * Tells who is asking from the whole message ("my server", "we deployed", a pasted log against
 * "my bank's site", "a shop I buy from", "is reddit down"), trained on the intents/ examples whose
 * files say who writes them.
 */
export class RoleClassifier {
  constructor(private readonly model: CalibratedBayes<RoleLabel>) {}

  static train(examples: readonly { features: string[]; role?: RoleLabel }[], temperature = DEFAULT_TEMPERATURE): RoleClassifier {
    return new RoleClassifier(CalibratedBayes.train(examples.flatMap((e) => (e.role ? [{ features: e.features, label: e.role }] : [])), temperature));
  }

  /** Messages are read as ids in `space` (`readIds`). */
  static fromModel(model: BayesModel, space: FeatureSpace, temperature = DEFAULT_TEMPERATURE): RoleClassifier {
    return new RoleClassifier(new CalibratedBayes<RoleLabel>(model, temperature, space));
  }

  get trained(): BayesModel {
    return this.model.model;
  }

  /** A message read from the ids of its features in the classifier's space. */
  readIds(ids: readonly number[]): RoleReading {
    return this.readScores(this.model.classifyKnown(this.model.knownIds(ids)));
  }

  private readScores(scores: Scored<RoleLabel>[]): RoleReading {
    const best = scores.find((s) => s.label !== 'neutral') as Scored<RoleLabel>;
    const claimed = best.probability >= ROLE_THRESHOLD;
    return { ...(claimed ? { role: best.label as Role } : {}), probability: best.probability, scores };
  }
}
