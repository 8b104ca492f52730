import type { RoleLabel } from '../intent/role-classifier.js';
import type { ArticleVectors } from '../retrieval/article-vectors.js';
import type { KnowledgeRegex } from './knowledge-regex.js';
import type { RequiredLiteral } from './required-literals.js';
import type { Cause, Intent, Upstream, Vendor } from '../taxonomy.js';
import type { ProbePhrases } from './probe-phrases.js';
import type { ArticleMeta, BUTTON_LABELS, Catalog, CauseEntry, Fact, RESPONSE_PLACEHOLDERS, Signature, UpstreamEntry, VendorEntry } from './schema.js';

export interface SourceFile {
  /** Path relative to the data root, used in every problem report. */
  path: string;
  text: string;
}

export interface Problem {
  file: string;
  field: string;
  message: string;
}

export interface Article {
  meta: ArticleMeta;
  file: string;
  /** Body sections by heading ("What it means", "Steps", "Steps for php_fpm"), markdown text. */
  sections: Map<string, string>;
  body: string;
  /** Stemmed words of the title, keywords, summary and body, weighted by repetition, for retrieval. */
  terms: string[];
  titleTerms: string[];
}

export interface CompiledSignature extends Signature {
  file: string;
  regex: KnowledgeRegex;
  /** Lower-case literals of the pattern's most telling part: one of them must appear for it to match. */
  literals?: string[];
  /** Every clause of literals the pattern needs, one of each (a cheap prefilter before the regex runs). */
  requires?: RequiredLiteral[][];
  /** The taxonomy vendor this signature's (possibly finer) vendor reports as. */
  reportsAs?: Exclude<Vendor, 'unknown'>;
}

export interface IntentExamples {
  intent: Intent;
  description: string;
  role?: RoleLabel;
  examples: string[];
  file: string;
}

export interface RoleExamples {
  role: Exclude<RoleLabel, 'neutral'>;
  description: string;
  examples: string[];
  file: string;
}

export interface FactPattern {
  value: string;
  regex: KnowledgeRegex;
  /** The literals the pattern needs (see `requiredLiterals`): a prefilter before it runs. */
  requires?: RequiredLiteral[][];
}

export interface FactDialogRules {
  fact: Fact;
  question: string;
  wanted: string;
  options: { value: string; label: string }[];
  /** Read in every message. */
  detect: FactPattern[];
  /** Read only as the answer to this fact's question. */
  answers: FactPattern[];
}

export type ResponseKind = keyof typeof RESPONSE_PLACEHOLDERS;
export type ButtonLabel = (typeof BUTTON_LABELS)[number];

export interface DialogRules {
  facts: Map<Fact, FactDialogRules>;
  responses: Record<ResponseKind, string[]>;
  buttons: Record<ButtonLabel, string>;
  intentLabels: Record<Intent, string>;
  /** The sentences of a live check. */
  probe: ProbePhrases;
  /** change → (vendor, app server or hosting id, or `default`) → what to check first. */
  changeLeads: Map<string, Map<string, string>>;
}

export interface KnowledgeBase {
  catalog: Catalog;
  vendors: Map<string, VendorEntry>;
  upstreams: Map<Upstream, UpstreamEntry>;
  causes: Map<Cause, CauseEntry>;
  signatures: CompiledSignature[];
  articles: Article[];
  articlesById: Map<string, Article>;
  /** The articles' words weighted for retrieval, computed once at load. */
  articleVectors: ArticleVectors;
  intents: IntentExamples[];
  roles: RoleExamples[];
  dialog: DialogRules;
}
