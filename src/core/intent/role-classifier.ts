import { CalibratedBayes, DEFAULT_TEMPERATURE, type BayesModel, type Scored } from './classifier.js';

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

  static fromModel(model: BayesModel, temperature = DEFAULT_TEMPERATURE): RoleClassifier {
    return new RoleClassifier(new CalibratedBayes<RoleLabel>(model, temperature));
  }

  get trained(): BayesModel {
    return this.model.model;
  }

  read(features: string[]): RoleReading {
    const scores = this.model.classify(features);
    const best = scores.find((s) => s.label !== 'neutral') as Scored<RoleLabel>;
    const claimed = best.probability >= ROLE_THRESHOLD;
    return { ...(claimed ? { role: best.label as Role } : {}), probability: best.probability, scores };
  }
}
