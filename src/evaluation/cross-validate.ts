import { CalibratedBayes, calibrate, temperatureFor } from '../core/intent/classifier.js';

export interface CrossValidation {
  folds: number;
  n: number;
  accuracy: number;
  perLabel: Record<string, { precision: number; recall: number; n: number }>;
  /** Negative log-likelihood and calibration error at the configured temperature and at the best one. */
  temperature: { configured: number; nll: number; ece: number; best: number; bestNll: number; bestEce: number };
}

/** Deterministic shuffle (xorshift), so that two runs report the same folds. */
function shuffled<T>(items: readonly T[], seed = 0x2545f491): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i--) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    const j = (state >>> 0) % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** One labelled example: the classifier's features and the label it should read. */
export interface LabelledFeatures {
  features: string[];
  label: string;
}

interface HeldOut {
  gold: string;
  logs: { label: string; log: number }[];
  known: number;
}

function score(heldOut: HeldOut[], temperature: number) {
  let nll = 0;
  const bins = Array.from({ length: 10 }, () => ({ n: 0, confidence: 0, correct: 0 }));
  for (const { gold, logs, known } of heldOut) {
    const ranked = calibrate(logs, temperatureFor(temperature, known));
    const p = ranked.find((r) => r.label === gold)?.probability ?? 0;
    nll -= Math.log(Math.max(p, 1e-12));
    const top = ranked[0];
    if (!top) continue;
    const bin = bins[Math.min(9, Math.floor(top.probability * 10))];
    if (!bin) continue;
    bin.n += 1;
    bin.confidence += top.probability;
    bin.correct += top.label === gold ? 1 : 0;
  }
  const ece = bins.reduce((sum, b) => sum + (b.n ? Math.abs(b.correct - b.confidence) : 0), 0) / heldOut.length;
  return { nll: nll / heldOut.length, ece };
}

export function crossValidate(examples: readonly LabelledFeatures[], folds: number, configured: number): CrossValidation {
  const data = shuffled(examples);
  const heldOut: HeldOut[] = [];
  for (let k = 0; k < folds; k++) {
    const train = data.filter((_, i) => i % folds !== k);
    const test = data.filter((_, i) => i % folds === k);
    const model = CalibratedBayes.train(train, configured);
    for (const example of test) heldOut.push({ gold: example.label, ...model.logLikelihoods(example.features) });
  }
  const counts = new Map<string, { tp: number; fp: number; fn: number; n: number }>();
  const entry = (intent: string) => {
    let c = counts.get(intent);
    if (!c) counts.set(intent, (c = { tp: 0, fp: 0, fn: 0, n: 0 }));
    return c;
  };
  let correct = 0;
  for (const { gold, logs, known } of heldOut) {
    const predicted = calibrate(logs, temperatureFor(configured, known))[0]?.label ?? gold;
    entry(gold).n += 1;
    if (predicted === gold) {
      correct += 1;
      entry(gold).tp += 1;
    } else {
      entry(predicted).fp += 1;
      entry(gold).fn += 1;
    }
  }
  const perLabel: CrossValidation['perLabel'] = {};
  for (const [label, c] of [...counts].sort()) {
    perLabel[label] = { precision: c.tp / Math.max(1, c.tp + c.fp), recall: c.tp / Math.max(1, c.tp + c.fn), n: c.n };
  }
  const atConfigured = score(heldOut, configured);
  let best = { t: configured, ...atConfigured };
  for (let t = 0.5; t <= 6; t += 0.25) {
    const s = score(heldOut, t);
    if (s.nll < best.nll) best = { t, ...s };
  }
  return {
    folds,
    n: heldOut.length,
    accuracy: correct / heldOut.length,
    perLabel,
    temperature: { configured, nll: atConfigured.nll, ece: atConfigured.ece, best: best.t, bestNll: best.nll, bestEce: best.ece },
  };
}
