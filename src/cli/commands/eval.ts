import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { z } from 'zod';
import { trainingExamples } from '../../core/diagnose.js';
import { DEFAULT_TEMPERATURE } from '../../core/intent/classifier.js';
import { crossValidate, type CrossValidation } from '../../evaluation/cross-validate.js';
import type { TrainingExample } from '../../core/intent/intent-classifier.js';
import { evaluate, FIELDS, type EvalReport, type LabelledCase } from '../../evaluation/metrics.js';
import { loadDiagnoser } from '../../runtime/diagnoser.js';
import { CliError } from '../errors.js';

const Label = z.union([z.string(), z.array(z.string()).min(1)]).transform((v) => (Array.isArray(v) ? v : [v]));
const LabelledLine = z.object({
  id: z.union([z.string(), z.number()]).optional(),
  text: z.string(),
  intent: Label,
  vendor: Label,
  upstream: Label,
  cause: Label,
});

export function readLabelledFile(path: string): LabelledCase[] {
  let content: string;
  try {
    content = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const cases: LabelledCase[] = [];
  content.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      throw new CliError(`${path}:${i + 1}: not valid JSON`);
    }
    const parsed = LabelledLine.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new CliError(`${path}:${i + 1}: ${issue?.path.join('.') || 'line'}: ${issue?.message ?? 'invalid'}`);
    }
    const { id, text, ...gold } = parsed.data;
    cases.push({ id: String(id ?? i + 1), text, gold });
  });
  if (cases.length === 0) throw new CliError(`${path}: no labelled lines`);
  return cases;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

interface CrossValidations {
  intent: CrossValidation;
  role: CrossValidation;
}

/** Cross-validation of both classifiers on the intents/ data: what is asked, and who asks it. */
function crossValidateBoth(examples: readonly TrainingExample[], folds: number): CrossValidations {
  const labelled = (label: (e: TrainingExample) => string | undefined) =>
    examples.flatMap((e) => {
      const value = label(e);
      return value ? [{ features: e.features, label: value }] : [];
    });
  return {
    intent: crossValidate(labelled((e) => e.intent), folds, DEFAULT_TEMPERATURE),
    role: crossValidate(labelled((e) => e.role), folds, DEFAULT_TEMPERATURE),
  };
}

function printCrossValidation(out: string[], what: string, cv: CrossValidation): void {
  out.push(
    '',
    `${what}, ${cv.folds}-fold cross-validation on intents/ (${cv.n} lines): accuracy ${pct(cv.accuracy)}`,
    `  temperature ${cv.temperature.configured}: NLL ${cv.temperature.nll.toFixed(3)}, ECE ${cv.temperature.ece.toFixed(3)}; best ${cv.temperature.best}: NLL ${cv.temperature.bestNll.toFixed(3)}, ECE ${cv.temperature.bestEce.toFixed(3)}`,
  );
  for (const [label, m] of Object.entries(cv.perLabel)) {
    out.push(`  ${label.padEnd(14)} precision ${pct(m.precision).padStart(6)}  recall ${pct(m.recall).padStart(6)}  n ${m.n}`);
  }
}

function printReport(report: EvalReport, cv?: CrossValidations): void {
  const out: string[] = [`${report.n} cases`, '', 'field      accuracy  macro-F1  known-label acc.  wrong claims  abstained'];
  for (const field of FIELDS) {
    const known = field === 'intent' ? '-' : pct(report.knownAccuracy[field]);
    const wrong = field === 'intent' ? '-' : pct(report.wrongClaims[field]);
    out.push(
      `${field.padEnd(10)} ${pct(report.accuracy[field]).padStart(8)}  ${pct(report.macroF1[field]).padStart(8)}  ${known.padStart(16)}  ${wrong.padStart(12)}  ${pct(report.abstention[field]).padStart(9)}`,
    );
  }
  for (const field of FIELDS) {
    out.push('', `${field}: label precision recall support`);
    for (const [label, m] of Object.entries(report.perLabel[field])) {
      out.push(`  ${label.padEnd(16)} ${pct(m.precision).padStart(7)} ${pct(m.recall).padStart(7)} ${String(m.support).padStart(4)}`);
    }
  }
  if (report.confusion.length > 0) {
    out.push('', 'most frequent errors (field: expected -> got  count)');
    for (const c of report.confusion) out.push(`  ${c.field}: ${c.expected} -> ${c.got}  ${c.count}`);
  }
  if (cv) {
    printCrossValidation(out, 'intent classifier', cv.intent);
    printCrossValidation(out, 'role classifier', cv.role);
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

export function registerEvalCommand(program: Command): void {
  program
    .command('eval')
    .argument('<file>', 'labelled JSON lines (text, intent, vendor, upstream, cause)')
    .description('measure classification against a labelled file')
    .option('--json', 'print one JSON object')
    .option('--cv <k>', 'also report K-fold cross-validation of the intent classifier on intents/')
    .action((file: string, options: { json?: boolean; cv?: string }) => {
      const folds = options.cv === undefined ? undefined : Number(options.cv);
      if (folds !== undefined && (!Number.isInteger(folds) || folds < 2 || folds > 50)) {
        throw new CliError('--cv takes a whole number of folds from 2 to 50');
      }
      const cases = readLabelledFile(file);
      const diagnoser = loadDiagnoser();
      const report = evaluate(
        cases.map((c) => {
          const analysis = diagnoser.analyze(c.text);
          return { case: c, diagnosis: analysis.diagnosis, unsure: analysis.certainty === 'unsure' };
        }),
      );
      const cv = folds ? crossValidateBoth(trainingExamples(diagnoser.kb), folds) : undefined;
      if (options.json) process.stdout.write(`${JSON.stringify({ ...report, ...(cv ? { cv: cv.intent, roleCv: cv.role } : {}) })}\n`);
      else printReport(report, cv);
    });
}
