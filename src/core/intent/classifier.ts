import BayesClassifier from 'natural/lib/natural/classifiers/bayes_classifier.js';
import type { FeatureSpace } from './feature-space.js';

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

/** A trained model as plain data (what the start-up cache keeps): the counts scoring is read from. */
export interface BayesModel {
  /** Feature i of every count list. */
  vocabulary: string[];
  /** Per label: how many examples have it, and how often each feature occurs in them (feature i, count). */
  labels: { label: string; docs: number; counts: [number, number][] }[];
}

/**
 * natural's Bayes classifier, fed sparse feature indices (the stock encoding scans the whole
 * vocabulary for every message). It is trained as usual; its counts are then read as a
 * binarised multinomial model. natural's own scoring divides each feature's count by the number
 * of examples, which favours whichever intent has the longest examples (every word is frequent
 * there); dividing by the intent's total feature count removes that bias.
 */
class MultinomialBayesTrainer extends BayesClassifier {
  private index = new Map<string, number>();

  override textToFeatures(observation: string[]): Record<number, number> {
    const sparse: Record<number, number> = {};
    let n = 0;
    for (const i of new Set(observation.flatMap((feature) => this.index.get(feature) ?? []))) sparse[n++] = i;
    return sparse;
  }

  model(): BayesModel {
    this.index = new Map(Object.keys(this.features).map((feature, i) => [feature, i]));
    super.train();
    const trained = this as unknown as TrainedBayes;
    const { classFeatures, smoothing } = trained.classifier;
    const docsPerLabel = new Map<string, number>();
    for (const doc of trained.docs) docsPerLabel.set(doc.label, (docsPerLabel.get(doc.label) ?? 0) + 1);
    const labels = [...docsPerLabel].map(([label, docs]) => ({
      label,
      docs,
      counts: Object.entries(classFeatures[label] ?? {}).map(([i, raw]): [number, number] => [Number(i), raw - smoothing]),
    }));
    return { vocabulary: [...this.index.keys()], labels };
  }
}

export interface Scored<L extends string> {
  label: L;
  probability: number;
}

/** A message's features as one model sees them: the indices of those it knows, in the message's order. */
export type KnownFeatures = number[];

/**
 * A calibrated classifier over sparse string features: natural's Bayes counts read as a binarised
 * multinomial model, with the length-aware temperature of `temperatureFor`. Every label it was
 * trained on gets a probability.
 */
export class CalibratedBayes<L extends string> {
  private readonly index: Map<string, number>;
  private readonly labels: { label: L; logPrior: number }[];
  /** Feature-major: feature i's log-likelihood under label l at i × labels + l, so one feature's are read together. */
  private readonly weights: Float64Array;
  /** 1 where a feature is one of a message's words, 0 for flags ("#…"). */
  private readonly words: Uint8Array;

  /** Id in the shared feature space → index in this model's vocabulary, or -1. */
  private readonly table?: Int32Array;

  constructor(readonly model: BayesModel, private readonly temperature = DEFAULT_TEMPERATURE, space?: FeatureSpace) {
    this.index = new Map(model.vocabulary.map((feature, i) => [feature, i]));
    this.words = Uint8Array.from(model.vocabulary, (feature) => (feature.startsWith('#') ? 0 : 1));
    if (space) this.table = space.indexOf(model.vocabulary);
    const size = model.vocabulary.length;
    const width = model.labels.length;
    const examples = model.labels.reduce((sum, l) => sum + l.docs, 0);
    this.weights = new Float64Array(size * width);
    this.labels = model.labels.map(({ label, docs, counts: sparse }, l) => {
      const counts = new Float64Array(size);
      let mass = 0;
      for (const [i, count] of sparse) {
        counts[i] = count;
        mass += count;
      }
      const denominator = mass + ADDITIVE_SMOOTHING * size;
      counts.forEach((count, i) => (this.weights[i * width + l] = Math.log((count + ADDITIVE_SMOOTHING) / denominator)));
      return { label: label as L, logPrior: Math.log(docs / examples) };
    });
  }

  static train<L extends string>(examples: readonly { features: string[]; label: L }[], temperature = DEFAULT_TEMPERATURE): CalibratedBayes<L> {
    const trainer = new MultinomialBayesTrainer();
    for (const example of examples) trainer.addDocument(example.features, example.label);
    return new CalibratedBayes<L>(trainer.model(), temperature);
  }

  /** The features this model knows, each once, in the order given. */
  known(features: readonly string[]): KnownFeatures {
    const out = new Set<number>();
    for (const feature of features) {
      const i = this.index.get(feature);
      if (i !== undefined) out.add(i);
    }
    return [...out];
  }

  /** Unnormalised log-likelihood of each label before calibration, and how many features were known. */
  logLikelihoods(features: string[]): { logs: { label: L; log: number }[]; known: number } {
    const present = this.known(features);
    return { logs: this.logsOf(present), known: present.length };
  }

  private logsOf(present: KnownFeatures): { label: L; log: number }[] {
    const width = this.labels.length;
    const sums = Float64Array.from(this.labels, (l) => l.logPrior);
    for (const i of present) {
      const row = i * width;
      for (let l = 0; l < width; l++) sums[l] = (sums[l] as number) + (this.weights[row + l] as number);
    }
    return this.labels.map(({ label }, l) => ({ label, log: sums[l] as number }));
  }

  /** The features this model knows, from the ids of a message's features in its space. */
  knownIds(ids: readonly number[]): KnownFeatures {
    const table = this.table as Int32Array;
    const out: KnownFeatures = [];
    for (const id of ids) {
      const i = table[id] as number;
      if (i !== -1) out.push(i);
    }
    return out;
  }

  /** Every label with its probability, most likely first. */
  classifyKnown(present: KnownFeatures): Scored<L>[] {
    return calibrate(this.logsOf(present), temperatureFor(this.temperature, present.length));
  }

  /** Whether a known feature is one of the message's words (flags start with "#"). */
  isWord(i: number): boolean {
    return this.words[i] === 1;
  }
}

/** Tempered softmax over log-likelihoods: a probability for every label, most likely first. */
export function calibrate<L extends string>(logs: { label: L; log: number }[], temperature: number): Scored<L>[] {
  let max = -Infinity;
  for (const { log } of logs) max = Math.max(max, log);
  const scored = logs.map(({ label, log }) => ({ label, probability: Math.exp((log - max) / temperature) }));
  let total = 0;
  for (const { probability } of scored) total += probability;
  for (const one of scored) one.probability /= total;
  return scored.sort((a, b) => b.probability - a.probability);
}
