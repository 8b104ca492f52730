import BayesClassifier from 'natural/lib/natural/classifiers/bayes_classifier.js';

/**
 * Naive Bayes log-likelihoods grow with the number of words, so raw posteriors of long messages
 * are far too sure of themselves and those of one-word messages too timid. The temperature grows
 * with the square root of the number of known features (REFERENCE_FEATURES at 1x);
 * `updoc eval --cv 5` reports the best base value for the current intents/ data.
 */
export const DEFAULT_TEMPERATURE = 3;
const REFERENCE_FEATURES = 10;

export function temperatureFor(base: number, knownFeatures: number): number {
  return base * Math.sqrt(Math.max(knownFeatures, 1) / REFERENCE_FEATURES);
}

/** Laplace-style smoothing of the feature counts (Lidstone with a small pseudo-count). */
const ADDITIVE_SMOOTHING = 0.1;

/** What natural's Bayes classifier keeps after training: documents, and per-class feature counts. */
interface TrainedBayes {
  docs: { label: string }[];
  classifier: { classFeatures: Record<string, Record<number, number>>; smoothing: number };
}

/**
 * natural's Bayes classifier, fed sparse feature indices (the stock encoding scans the whole
 * vocabulary for every message). It is trained as usual; scoring then reads its counts as a
 * binarised multinomial model. natural's own scoring divides each feature's count by the number
 * of examples, which favours whichever intent has the longest examples (every word is frequent
 * there); dividing by the intent's total feature count removes that bias.
 */
class MultinomialBayesClassifier extends BayesClassifier {
  private index = new Map<string, number>();
  private logLikelihood = new Map<string, Float64Array>();
  private logPrior = new Map<string, number>();

  override textToFeatures(observation: string[]): Record<number, number> {
    const sparse: Record<number, number> = {};
    let n = 0;
    for (const i of this.indices(observation)) sparse[n++] = i;
    return sparse;
  }

  override train(): void {
    this.index = new Map(Object.keys(this.features).map((feature, i) => [feature, i]));
    super.train();
    const trained = this as unknown as TrainedBayes;
    const { classFeatures, smoothing } = trained.classifier;
    const docsPerLabel = new Map<string, number>();
    for (const doc of trained.docs) docsPerLabel.set(doc.label, (docsPerLabel.get(doc.label) ?? 0) + 1);
    const size = this.index.size;
    for (const [label, docs] of docsPerLabel) {
      const counts = new Float64Array(size);
      let mass = 0;
      for (const [i, raw] of Object.entries(classFeatures[label] ?? {})) {
        counts[Number(i)] = raw - smoothing;
        mass += raw - smoothing;
      }
      const denominator = mass + ADDITIVE_SMOOTHING * size;
      this.logLikelihood.set(label, counts.map((count) => Math.log((count + ADDITIVE_SMOOTHING) / denominator)));
      this.logPrior.set(label, Math.log(docs / trained.docs.length));
    }
  }

  private indices(observation: string[]): number[] {
    const out = new Set<number>();
    for (const feature of observation) {
      const i = this.index.get(feature);
      if (i !== undefined) out.add(i);
    }
    return [...out];
  }

  /** How many of these features the training data has seen. */
  knownCount(observation: string[]): number {
    return this.indices(observation).length;
  }

  logScores(observation: string[]): { scores: { label: string; log: number }[]; known: number } {
    const present = this.indices(observation);
    const scores = [...this.logPrior].map(([label, prior]) => {
      const likelihood = this.logLikelihood.get(label) as Float64Array;
      let log = prior;
      for (const i of present) log += likelihood[i] as number;
      return { label, log };
    });
    return { scores, known: present.length };
  }
}

export interface Scored<L extends string> {
  label: L;
  probability: number;
}

/**
 * A calibrated classifier over sparse string features: natural's Bayes counts read as a binarised
 * multinomial model, with the length-aware temperature of `temperatureFor`. Every label it was
 * trained on gets a probability.
 */
export class CalibratedBayes<L extends string> {
  private readonly bayes = new MultinomialBayesClassifier();

  constructor(examples: readonly { features: string[]; label: L }[], private readonly temperature = DEFAULT_TEMPERATURE) {
    for (const example of examples) this.bayes.addDocument(example.features, example.label);
    this.bayes.train();
  }

  /** Unnormalised log-likelihood of each label before calibration, and how many features were known. */
  logLikelihoods(features: string[]): { logs: { label: L; log: number }[]; known: number } {
    const { scores, known } = this.bayes.logScores(features);
    return { logs: scores.map((r) => ({ label: r.label as L, log: r.log })), known };
  }

  /** How many of these features the training data has seen. */
  knows(features: string[]): number {
    return this.bayes.knownCount(features);
  }

  /** Every label with its probability, most likely first. */
  classify(features: string[]): Scored<L>[] {
    const { logs, known } = this.logLikelihoods(features);
    return calibrate(logs, temperatureFor(this.temperature, known));
  }
}

/** Tempered softmax over log-likelihoods: a probability for every label, most likely first. */
export function calibrate<L extends string>(logs: { label: L; log: number }[], temperature: number): Scored<L>[] {
  const max = Math.max(...logs.map((l) => l.log));
  const weights = logs.map((l) => ({ label: l.label, w: Math.exp((l.log - max) / temperature) }));
  const total = weights.reduce((sum, w) => sum + w.w, 0);
  return weights.map((w) => ({ label: w.label, probability: w.w / total })).sort((a, b) => b.probability - a.probability);
}
