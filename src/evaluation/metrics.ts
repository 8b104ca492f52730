import type { Diagnosis } from '../core/diagnose.js';

export const FIELDS = ['intent', 'vendor', 'upstream', 'cause'] as const;
export type Field = (typeof FIELDS)[number];

export interface LabelledCase {
  id: string;
  text: string;
  /** Each field's acceptable values (a label may list several equally acceptable ones). */
  gold: Record<Field, string[]>;
}

export interface Prediction {
  case: LabelledCase;
  diagnosis: Diagnosis;
  /** The intent reading was neither clear nor a pair: updoc would ask the person to rephrase. */
  unsure: boolean;
}

export interface EvalReport {
  n: number;
  accuracy: Record<Field, number>;
  /** The mean F1 over the labels the file holds: rare labels count as much as frequent ones. */
  macroF1: Record<Field, number>;
  /** Accuracy on lines whose label is not "unknown" (vendor, upstream, cause). */
  knownAccuracy: Record<Exclude<Field, 'intent'>, number>;
  /** Share of lines where a wrong non-unknown value was claimed: worse than an honest "unknown". */
  wrongClaims: Record<Exclude<Field, 'intent'>, number>;
  /** Share of lines answered "unknown" (labels) or with an unsure intent. */
  abstention: Record<Field, number>;
  perLabel: Record<Field, Record<string, { precision: number; recall: number; support: number }>>;
  confusion: { field: Field; expected: string; got: string; count: number }[];
  errors: { id: string; field: Field; expected: string[]; got: string; text: string }[];
}

const ratio = (a: number, b: number) => (b === 0 ? 1 : Math.round((a / b) * 1000) / 1000);

export function evaluate(predictions: Prediction[]): EvalReport {
  const n = predictions.length;
  const accuracy = {} as EvalReport['accuracy'];
  const macroF1 = {} as EvalReport['macroF1'];
  const knownAccuracy = {} as EvalReport['knownAccuracy'];
  const wrongClaims = {} as EvalReport['wrongClaims'];
  const abstention = {} as EvalReport['abstention'];
  const perLabel = {} as EvalReport['perLabel'];
  const confusionCounts = new Map<string, { field: Field; expected: string; got: string; count: number }>();
  const errors: EvalReport['errors'] = [];

  for (const field of FIELDS) {
    let correct = 0;
    let known = 0;
    let knownCorrect = 0;
    let wrong = 0;
    let abstained = 0;
    const counts = new Map<string, { tp: number; fp: number; fn: number; support: number }>();
    const count = (label: string) => {
      let c = counts.get(label);
      if (!c) counts.set(label, (c = { tp: 0, fp: 0, fn: 0, support: 0 }));
      return c;
    };
    for (const p of predictions) {
      const gold = p.case.gold[field];
      const got = p.diagnosis[field];
      const ok = gold.includes(got);
      const primary = gold[0] ?? 'unknown';
      // A case counts for the label it was read as when that is one of its acceptable labels.
      count(ok ? got : primary).support += 1;
      if (ok) {
        correct += 1;
        count(got).tp += 1;
      } else {
        count(got).fp += 1;
        count(primary).fn += 1;
        const key = `${field}\u0000${primary}\u0000${got}`;
        const c = confusionCounts.get(key) ?? { field, expected: primary, got, count: 0 };
        c.count += 1;
        confusionCounts.set(key, c);
        errors.push({ id: p.case.id, field, expected: gold, got, text: p.case.text.slice(0, 160) });
      }
      if (field === 'intent' ? p.unsure : got === 'unknown') abstained += 1;
      if (field !== 'intent') {
        if (!gold.includes('unknown')) {
          known += 1;
          if (ok) knownCorrect += 1;
        }
        if (!ok && got !== 'unknown') wrong += 1;
      }
    }
    accuracy[field] = ratio(correct, n);
    abstention[field] = ratio(abstained, n);
    if (field !== 'intent') {
      knownAccuracy[field] = ratio(knownCorrect, known);
      wrongClaims[field] = ratio(wrong, n);
    }
    const f1s = [...counts.values()]
      .filter((c) => c.support > 0)
      .map((c) => (c.tp === 0 ? 0 : (2 * c.tp) / (2 * c.tp + c.fp + c.fn)));
    macroF1[field] = ratio(f1s.reduce((sum, f) => sum + f, 0), f1s.length);
    perLabel[field] = Object.fromEntries(
      [...counts]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([label, c]) => [label, { precision: ratio(c.tp, c.tp + c.fp), recall: ratio(c.tp, c.tp + c.fn), support: c.support }]),
    );
  }
  const confusion = [...confusionCounts.values()].sort((a, b) => b.count - a.count).slice(0, 15);
  return { n, accuracy, macroF1, knownAccuracy, wrongClaims, abstention, perLabel, confusion, errors };
}
