import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { CAUSES, INTENTS, UPSTREAMS, VENDORS, type Cause, type Intent, type Upstream } from '../taxonomy.js';
import { splitFrontMatter, splitSections } from './front-matter.js';
import { stemTokens } from '../text/tokens.js';
import { evidenceOnOrdinaryText, ordinarySentences } from './ordinary-sentences.js';
import { KnowledgeRegex } from './knowledge-regex.js';
import { regexRisk } from './regex-safety.js';
import { requiredLiterals } from './required-literals.js';
import { buildArticleVectors } from '../retrieval/article-vectors.js';
import { ArticleMeta, Catalog, QUESTIONS_SECTION, DialogFile, FACT_VALUES, FACTS, IntentFile, MIN_INTENT_EXAMPLES, OrdinarySentencesFile, RESPONSE_KINDS, RESPONSE_PLACEHOLDERS, RoleFile, SECTION_NAMES, SignatureFile, type Fact, type VendorEntry } from './schema.js';
import { STEPS_FOR, stepsSectionProblem } from './steps-sections.js';
import type { Article, CompiledSignature, DialogRules, FactDialogRules, FactPattern, IntentExamples, KnowledgeBase, Problem, ResponseKind, RoleExamples, SourceFile } from './types.js';

export interface KnowledgeSources {
  catalog: SourceFile;
  dialog: SourceFile;
  signatures: SourceFile[];
  /** knowledge/ordinary-sentences.yaml: text no signature may find evidence in. */
  ordinary: SourceFile;
  articles: SourceFile[];
  intents: SourceFile[];
  /** intents/roles/: lines that only say who is asking. */
  roles: SourceFile[];
}

export interface ParseResult {
  kb?: KnowledgeBase;
  problems: Problem[];
}

/** Validates every data file and builds the knowledge base; a problem list names file and field. */
export function parseKnowledge(sources: KnowledgeSources): ParseResult {
  const problems: Problem[] = [];
  const report = (file: string, field: string, message: string) => problems.push({ file, field, message });

  const catalog = validate(sources.catalog, Catalog, readYaml(sources.catalog, report), report);
  if (!catalog) return { problems };
  const vendors = indexCatalog(catalog, sources.catalog.path, report);

  const signatures = sources.signatures.flatMap((file) => compileSignatures(file, vendors, report));
  checkUnique(signatures.map((s) => ({ id: s.id, file: s.file })), 'signature', report);
  checkOrdinarySentences(sources.ordinary, signatures, catalog, report);

  const articles = sources.articles.flatMap((file) => {
    const article = parseArticle(file, catalog, vendors, report);
    if (article) {
      for (const [fact, values] of Object.entries(article.meta.requires) as [Fact, string[]][]) {
        const allowed = allowedFactValues(fact, catalog);
        values.forEach((value, i) => {
          if (!allowed.includes(value)) report(file.path, `requires.${fact}[${i}]`, `"${value}" is not a value of ${fact}; use one of: ${allowed.join(', ')}`);
        });
      }
    }
    return article ? [article] : [];
  });
  checkUnique(articles.map((a) => ({ id: a.meta.id, file: a.file })), 'article', report);
  const articlesById = new Map(articles.map((a) => [a.meta.id, a]));
  for (const article of articles) {
    article.meta.related.forEach((id, i) => {
      if (!articlesById.has(id)) report(article.file, `related[${i}]`, `no article has the id "${id}"`);
    });
  }

  const intents = parseIntents(sources.intents, report);
  const roles = parseRoles(sources.roles, report);
  const dialog = parseDialog(sources.dialog, catalog, report);

  if (problems.length > 0) return { problems };
  return {
    problems,
    kb: {
      catalog,
      vendors,
      upstreams: new Map(catalog.upstreams.map((u) => [u.id as Upstream, u])),
      causes: new Map(catalog.causes.map((c) => [c.id as Cause, c])),
      signatures,
      articles,
      articlesById,
      articleVectors: buildArticleVectors(articles),
      intents,
      roles,
      dialog: dialog as DialogRules,
    },
  };
}

type Report = (file: string, field: string, message: string) => void;

function readYaml(file: SourceFile, report: Report): unknown {
  try {
    return parseYaml(file.text);
  } catch (error) {
    report(file.path, '(file)', `not valid YAML: ${(error as Error).message.split('\n')[0]}`);
    return undefined;
  }
}

function validate<T extends z.ZodType>(file: SourceFile, schema: T, data: unknown, report: Report, prefix = ''): z.infer<T> | undefined {
  if (data === undefined) return undefined;
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
    report(file.path, prefix + (path || '(root)'), issue.message);
  }
  return undefined;
}

function indexCatalog(catalog: Catalog, file: string, report: Report): Map<string, VendorEntry> {
  const vendors = new Map<string, VendorEntry>();
  catalog.vendors.forEach((v, i) => {
    if (vendors.has(v.id)) report(file, `vendors[${i}].id`, `duplicate vendor id "${v.id}"`);
    vendors.set(v.id, v);
  });
  catalog.vendors.forEach((v, i) =>
    v.servesPagesOf.forEach((id, j) => {
      if (!vendors.has(id)) report(file, `vendors[${i}].servesPagesOf[${j}]`, `unknown vendor "${id}"`);
    }),
  );
  const missing = (ids: readonly string[], have: Set<string>, what: string) => {
    for (const id of ids) if (id !== 'unknown' && !have.has(id)) report(file, what, `taxonomy ${what.slice(0, -1)} "${id}" has no entry`);
  };
  missing(VENDORS, new Set(catalog.vendors.map((v) => v.id)), 'vendors');
  missing(UPSTREAMS, new Set(catalog.upstreams.map((u) => u.id)), 'upstreams');
  missing(CAUSES, new Set(catalog.causes.map((c) => c.id)), 'causes');
  return vendors;
}

function compileSignatures(file: SourceFile, vendors: Map<string, VendorEntry>, report: Report): CompiledSignature[] {
  const parsed = validate(file, SignatureFile, readYaml(file, report), report);
  if (!parsed) return [];
  const compiled: CompiledSignature[] = [];
  parsed.signatures.forEach((sig, i) => {
    const at = (field: string) => `signatures[${i}].${field}`;
    let reportsAs: CompiledSignature['reportsAs'];
    if (sig.vendor) {
      const vendor = vendors.get(sig.vendor);
      if (!vendor) return report(file.path, at('vendor'), `unknown vendor "${sig.vendor}": add it to knowledge/catalog.yaml first`);
      reportsAs = vendor.reportsAs;
    }
    let regex: KnowledgeRegex;
    try {
      regex = new KnowledgeRegex(sig.pattern, sig.caseSensitive ? 'u' : 'iu');
    } catch (error) {
      return report(file.path, at('pattern'), `not a valid regular expression: ${(error as Error).message}`);
    }
    const risk = regexRisk(sig.pattern);
    if (risk) return report(file.path, at('pattern'), `could backtrack catastrophically: it ${risk}; simplify it`);
    sig.examples.forEach((ex, j) => {
      if (!regex.test(ex)) report(file.path, at(`examples[${j}]`), `the pattern does not match its own example "${ex.slice(0, 80)}"`);
    });
    sig.counterexamples.forEach((ex, j) => {
      if (regex.test(ex)) report(file.path, at(`counterexamples[${j}]`), `the pattern matches a counterexample "${ex.slice(0, 80)}"`);
    });
    const literals = requiredLiterals(sig.pattern);
    const signature: CompiledSignature = {
      ...sig,
      file: file.path,
      regex,
      ...(literals?.strongest.length ? { literals: literals.strongest } : {}),
      ...(literals ? { requires: literals.all } : {}),
      ...(reportsAs ? { reportsAs } : {}),
    };
    signatureFields.set(signature, `signatures[${i}]`);
    compiled.push(signature);
  });
  return compiled;
}

/** Where each compiled signature sits in its file, for problems found after compiling. */
const signatureFields = new WeakMap<CompiledSignature, string>();

/** Refuses a signature that finds evidence in everyday text; the sentences are shared data every signature is held to. */
function checkOrdinarySentences(file: SourceFile, signatures: CompiledSignature[], catalog: Catalog, report: Report): void {
  const parsed = validate(file, OrdinarySentencesFile, readYaml(file, report), report);
  if (!parsed) return;
  const sentences = ordinarySentences(parsed);
  const labels = new Set<string>([...catalog.vendors.map((v) => v.id), ...UPSTREAMS, ...CAUSES]);
  for (const sentence of sentences) {
    sentence.allows.forEach((label, i) => {
      if (!labels.has(label)) report(file.path, `${sentence.field}.allows[${i}]`, `"${label}" is not a vendor, upstream or cause id`);
    });
  }
  for (const { signature, sentence, labels: claimed } of evidenceOnOrdinaryText(signatures, sentences)) {
    report(
      signature.file,
      `${signatureFields.get(signature) ?? signature.id}.pattern`,
      `finds ${claimed.join(', ')} in the ordinary sentence "${sentence.text.slice(0, 80)}" (${file.path} ${sentence.field}): anchor the pattern to the page, header or log line it means`,
    );
  }
}

function parseArticle(file: SourceFile, catalog: Catalog, vendors: Map<string, VendorEntry>, report: Report): Article | undefined {
  let doc;
  try {
    doc = splitFrontMatter(file.text);
  } catch (error) {
    report(file.path, '(front matter)', (error as Error).message.split('\n')[0] ?? 'unreadable');
    return undefined;
  }
  const meta = validate(file, ArticleMeta, doc.data ?? {}, report);
  if (!meta) return undefined;
  const expectedId = file.path.replace(/^.*\//, '').replace(/\.md$/, '');
  if (meta.id !== expectedId) report(file.path, 'id', `the id "${meta.id}" must equal the file name "${expectedId}"`);
  meta.vendors.forEach((v, i) => {
    if (!vendors.has(v)) report(file.path, `vendors[${i}]`, `unknown vendor "${v}"`);
  });
  const sections = splitSections(doc.body);
  if (sections.size === 0) report(file.path, 'body', 'the body needs at least one "## " section');
  for (const [heading, text] of sections) {
    const stepsFor = STEPS_FOR.exec(heading);
    if (stepsFor) {
      const problem = stepsSectionProblem(stepsFor[1] as string, text, catalog);
      if (problem) report(file.path, `body "## ${heading}"`, problem);
    } else if (!(SECTION_NAMES as readonly string[]).includes(heading)) {
      report(file.path, `body "## ${heading}"`, `unknown section; use one of: ${SECTION_NAMES.join(', ')}, or "Steps for <vendor, upstream or hosting id>"`);
    }
    if (!sections.get(heading)) report(file.path, `body "## ${heading}"`, 'the section is empty');
  }
  const hasSteps = [...sections.keys()].some((h) => h === 'Steps' || STEPS_FOR.test(h));
  if (meta.audience === 'owner' && !hasSteps) report(file.path, 'body', 'an owner article needs a "## Steps" section');
  // The questions people ask after an answer say nothing of which article answers a message.
  const ranked = [...sections].filter(([heading]) => heading !== QUESTIONS_SECTION).map(([, text]) => text);
  const weighted = [meta.title, meta.title, meta.title, ...meta.keywords, ...meta.keywords, meta.summary, meta.summary, ...ranked];
  return {
    meta,
    file: file.path,
    sections,
    body: doc.body,
    terms: stemTokens(weighted.join('\n').toLowerCase()),
    titleTerms: stemTokens(meta.title.toLowerCase()),
  };
}

function parseIntents(files: SourceFile[], report: Report): IntentExamples[] {
  const intents: IntentExamples[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    const parsed = validate(file, IntentFile, readYaml(file, report), report);
    if (!parsed) continue;
    parsed.examples.forEach((example, i) => {
      const key = example.trim().toLowerCase();
      const other = seen.get(key);
      if (other) report(file.path, `examples[${i}]`, `"${example.slice(0, 60)}" is also an example of ${other}`);
      seen.set(key, parsed.intent);
    });
    intents.push({ ...parsed, file: file.path });
  }
  for (const intent of INTENTS as readonly Intent[]) {
    const count = intents.filter((i) => i.intent === intent).reduce((n, i) => n + i.examples.length, 0);
    if (count === 0) report('intents/', intent, `no file defines the intent "${intent}"`);
    else if (count < MIN_INTENT_EXAMPLES) report('intents/', intent, `the intent "${intent}" has ${count} examples; it needs at least ${MIN_INTENT_EXAMPLES}`);
  }
  return intents;
}

function parseRoles(files: SourceFile[], report: Report): RoleExamples[] {
  return files.flatMap((file) => {
    const parsed = validate(file, RoleFile, readYaml(file, report), report);
    return parsed ? [{ ...parsed, file: file.path }] : [];
  });
}

function allowedFactValues(fact: Fact, catalog: Catalog): readonly string[] {
  switch (fact) {
    case 'vendor':
      return [...catalog.vendors.map((v) => v.id), 'unknown'];
    case 'upstream':
      return UPSTREAMS;
    case 'cause':
      return CAUSES;
    case 'url':
      return [];
    default:
      return FACT_VALUES[fact];
  }
}

function parseDialog(file: SourceFile, catalog: Catalog, report: Report): DialogRules | undefined {
  const parsed = validate(file, DialogFile, readYaml(file, report), report);
  if (!parsed) return undefined;
  const facts = new Map<Fact, FactDialogRules>();
  for (const fact of FACTS) {
    const rules = parsed.facts[fact];
    const allowed = allowedFactValues(fact, catalog);
    const checkValue = (value: string, field: string) => {
      if (!allowed.includes(value)) {
        report(file.path, field, allowed.length ? `"${value}" is not a value of ${fact}; use one of: ${allowed.join(', ')}` : `${fact} takes free text only`);
      }
    };
    rules.options.forEach((o, i) => checkValue(o.value, `facts.${fact}.options[${i}].value`));
    const compile = (group: 'detect' | 'answers'): FactPattern[] =>
      Object.entries(rules[group]).flatMap(([value, patterns]) => {
        checkValue(value, `facts.${fact}.${group}.${value}`);
        return patterns.flatMap((pattern, i) => {
          const field = `facts.${fact}.${group}.${value}[${i}]`;
          const risk = regexRisk(pattern);
          if (risk) {
            report(file.path, field, `could backtrack catastrophically: it ${risk}`);
            return [];
          }
          try {
            const literals = requiredLiterals(pattern);
            return [{ value, regex: new KnowledgeRegex(pattern, 'iu'), ...(literals ? { requires: literals.all } : {}) }];
          } catch (error) {
            report(file.path, field, `not a valid regular expression: ${(error as Error).message}`);
            return [];
          }
        });
      });
    facts.set(fact, { fact, question: rules.question, wanted: rules.wanted, options: rules.options, detect: compile('detect'), answers: compile('answers') });
  }
  const missingLabels = INTENTS.filter((intent) => !parsed.intent_labels[intent]);
  if (missingLabels.length) report(file.path, 'intent_labels', `missing labels for: ${missingLabels.join(', ')}`);
  checkPlaceholders(file.path, parsed.responses, report);
  const changeLeads = parseChangeLeads(file.path, parsed.change_leads, catalog, report);
  return { facts, responses: parsed.responses, buttons: parsed.buttons, intentLabels: parsed.intent_labels as Record<Intent, string>, probe: parsed.probe, changeLeads };
}

/** Leads are keyed by a value of the `change` fact, then by `default` or an id a stack can have. */
function parseChangeLeads(path: string, leads: DialogFile['change_leads'], catalog: Catalog, report: Report): Map<string, Map<string, string>> {
  const changes = allowedFactValues('change', catalog);
  const stackIds = new Set(['default', ...catalog.vendors.map((v) => v.id), ...UPSTREAMS, ...FACT_VALUES.hosting]);
  const parsed = new Map<string, Map<string, string>>();
  for (const [change, byStack] of Object.entries(leads)) {
    if (!changes.includes(change)) report(path, `change_leads.${change}`, `"${change}" is not a value of change; use one of: ${changes.join(', ')}`);
    for (const id of Object.keys(byStack)) {
      if (!stackIds.has(id)) report(path, `change_leads.${change}.${id}`, `"${id}" is not a vendor, app server or hosting id (or default)`);
    }
    parsed.set(change, new Map(Object.entries(byStack)));
  }
  return parsed;
}

/** Each wording may use only the placeholders its kind fills in. */
function checkPlaceholders(path: string, responses: Record<ResponseKind, string[]>, report: Report): void {
  for (const kind of RESPONSE_KINDS) {
    const allowed: readonly string[] = RESPONSE_PLACEHOLDERS[kind];
    responses[kind].forEach((text, i) => {
      for (const [, name] of text.matchAll(/\{(\w+)\}/g)) {
        if (!allowed.includes(name as string)) {
          const hint = allowed.length ? `use ${allowed.map((a) => `{${a}}`).join(', ')}` : 'this kind takes none';
          report(path, `responses.${kind}[${i}]`, `unknown placeholder {${name}}: ${hint}`);
        }
      }
    });
  }
}

function checkUnique(items: { id: string; file: string }[], what: string, report: Report) {
  const first = new Map<string, string>();
  for (const { id, file } of items) {
    const prior = first.get(id);
    if (prior) report(file, 'id', `duplicate ${what} id "${id}" (first in ${prior})`);
    else first.set(id, file);
  }
}

