import { SignatureMatcher } from './evidence/signature-matcher.js';
import { fitToQuestion } from './evidence/fit-to-question.js';
import { resolveEvidence, type ResolvedEvidence } from './evidence/resolve.js';
import type { Evidence } from './evidence/types.js';
import type { BayesModel } from './intent/classifier.js';
import { FeatureSpace } from './intent/feature-space.js';
import { emitFeatures, messageFeatures } from './intent/features.js';
import { IntentClassifier, type IntentScore, type TrainingExample } from './intent/intent-classifier.js';
import { RoleClassifier, type RoleReading } from './intent/role-classifier.js';
import type { Article, KnowledgeBase } from './knowledge/types.js';
import { readMessage } from './message.js';
import { ARTICLE_THRESHOLD, ArticleIndex, type ArticleQuery, type RankedArticle } from './retrieval/article-index.js';
import { PassageIndex } from './retrieval/passage-index.js';
import { CONVERSATIONAL_INTENTS, type Cause, type Intent, type Upstream, type Vendor } from './taxonomy.js';
import { FactCues } from './text/fact-cues.js';
import type { PreparedText } from './text/prepare.js';
import type { MessageStructure } from './text/structure.js';
import { stemTokens } from './text/tokens.js';

/** The diagnosis as the contract reports it: taxonomy ids only. */
export interface Diagnosis {
  intent: Intent;
  vendor: Vendor;
  upstream: Upstream;
  cause: Cause;
  article: string | null;
  confidence: number;
}

/** How sure the intent is: one clear reading, two competing readings, or no idea. */
export type Certainty = 'clear' | 'ambiguous' | 'unsure';

export interface Analysis {
  diagnosis: Diagnosis;
  text: PreparedText;
  /** The person's own words apart from what they pasted. */
  structure: MessageStructure;
  /** The message's stemmed words, as article retrieval reads them. */
  stems: string[];
  evidence: Evidence;
  resolved: ResolvedEvidence;
  intents: IntentScore[];
  certainty: Certainty;
  /** Who is asking, as far as the message shows it. */
  role: RoleReading;
  article?: Article;
}

const CLEAR = 0.55;
/** Retrieval reads the start of a message: long pastes add noise, not meaning. */
const QUERY_CHARS = 4_000;
const AMBIGUOUS_PAIR = 0.7;

export function certaintyOf(intents: readonly IntentScore[]): Certainty {
  const [first, second] = intents;
  if (!first || first.probability >= CLEAR) return 'clear';
  if (second && first.probability + second.probability >= AMBIGUOUS_PAIR) return 'ambiguous';
  return 'unsure';
}

/** The intents/ utterances as the classifiers see them, evidence flags included. */
export function trainingExamples(kb: KnowledgeBase, matcher = new SignatureMatcher(kb.signatures), cues = new FactCues(kb.dialog.facts)): TrainingExample[] {
  const features = (example: string) => messageFeatures(readMessage(example, matcher), cues);
  return [
    ...kb.intents.flatMap((group) =>
      group.examples.map((example) => ({ features: features(example), intent: group.intent, ...(group.role ? { role: group.role } : {}) })),
    ),
    ...kb.roles.flatMap((group) => group.examples.map((example) => ({ features: features(example), role: group.role }))),
  ];
}

/** The trained classifiers as plain data. */
export interface TrainedModels {
  intent: BayesModel;
  role: BayesModel;
}

/** Trains both classifiers on the intents/ data. */
export function trainModels(kb: KnowledgeBase, matcher = new SignatureMatcher(kb.signatures), cues = new FactCues(kb.dialog.facts)): TrainedModels {
  const examples = trainingExamples(kb, matcher, cues);
  return { intent: IntentClassifier.train(examples).trained, role: RoleClassifier.train(examples).trained };
}

/** Reads one message: evidence, intent, labels and the best article. Pure and synchronous. */
export class Diagnoser {
  private readonly classifier: IntentClassifier;
  private readonly roles: RoleClassifier;
  private readonly index: ArticleIndex;
  private readonly matcher: SignatureMatcher;
  /** The features both classifiers know: a message's are looked up once. */
  private readonly features: FeatureSpace;
  /** The dialog's fact cues, for the classifiers' features and for what a conversation learns. */
  readonly cues: FactCues;

  /** `models` may come from a start-up cache; they are always what `trainModels(kb)` gives. */
  constructor(readonly kb: KnowledgeBase, models?: TrainedModels) {
    this.matcher = new SignatureMatcher(kb.signatures);
    this.cues = new FactCues(kb.dialog.facts);
    const trained = models ?? trainModels(kb, this.matcher, this.cues);
    this.features = new FeatureSpace([trained.intent.vocabulary, trained.role.vocabulary]);
    this.classifier = IntentClassifier.fromModel(trained.intent, this.features);
    this.roles = RoleClassifier.fromModel(trained.role, this.features);
    this.index = new ArticleIndex(kb);
  }

  /** Articles for a question, best first (labels first, words as tie-breaker). */
  rankArticles(query: ArticleQuery): RankedArticle[] {
    return this.index.rank(query);
  }

  private readonly generalSections = new Map<string, string | undefined>();
  private passageIndex?: PassageIndex;

  /** Every step and paragraph of the knowledge, for answering follow-up questions (built on first use). */
  get passages(): PassageIndex {
    this.passageIndex ??= new PassageIndex(this.kb);
    return this.passageIndex;
  }

  /** A section as the general article for an intent words it: for answers whose own article lacks it. */
  generalSection(intent: Intent, name: string): string | undefined {
    const key = `${intent}\u0000${name}`;
    if (!this.generalSections.has(key)) {
      // The general article is about no product and no cause, and is first of all about this intent
      // (what-is-502 for explain, not the comparison with 500 that also explains).
      const general = this.kb.articles
        .filter(({ meta, sections }) => meta.intents.includes(intent) && sections.has(name) && [meta.vendors, meta.upstreams, meta.causes].every((labels) => labels.length === 0))
        .sort((a, b) => Number(b.meta.intents[0] === intent) - Number(a.meta.intents[0] === intent) || a.meta.intents.length - b.meta.intents.length)[0];
      const ranked = general ?? this.index.rank({ stems: [], intent }).find((r) => r.article.sections.has(name))?.article;
      this.generalSections.set(key, ranked?.sections.get(name));
    }
    return this.generalSections.get(key);
  }

  /** The first of `rankArticles`, without ordering the others. */
  topArticle(query: ArticleQuery): RankedArticle | undefined {
    return this.index.best(query);
  }

  /** The article that answers the question, if one fits well enough; none for conversational intents. */
  bestArticle(query: ArticleQuery): Article | undefined {
    if (CONVERSATIONAL_INTENTS.includes(query.intent)) return undefined;
    const best = this.topArticle(query);
    return best && best.score >= ARTICLE_THRESHOLD ? best.article : undefined;
  }

  /** Only the evidence half of `analyze`: who answered and why it failed, without intent or article. */
  resolveEvidence(message: string): ResolvedEvidence {
    return resolveEvidence(readMessage(message, this.matcher).evidence, this.kb);
  }

  analyze(message: string): Analysis {
    const read = readMessage(message, this.matcher);
    const { text, evidence, structure } = read;
    const known = this.features.collect((sink) => emitFeatures(read, this.cues, sink));
    const { intents, knowsWords } = this.classifier.readIds(known);
    const top = intents[0] as IntentScore;
    const role = this.roles.readIds(known);
    const resolved = fitToQuestion(resolveEvidence(evidence, this.kb), { intent: top.intent, role }, evidence.statuses);
    const vendorEntry = resolved.vendor ? this.kb.vendors.get(resolved.vendor.value) : undefined;

    // A product the person denies ("we removed Cloudflare") must not pull its own article up.
    const denied = new Set(stemTokens(evidence.denied.join(' ').toLowerCase()));
    const stems = stemTokens(text.plain.slice(0, QUERY_CHARS)).filter((stem) => !denied.has(stem));
    const labels = {
      ...(resolved.vendor ? { vendor: resolved.vendor.value } : {}),
      ...(resolved.upstream ? { upstream: resolved.upstream.value } : {}),
      ...(resolved.cause ? { cause: resolved.cause.value } : {}),
    };
    // What the message shows is also what an article's conditions read ("requires: {upstream: [container]}").
    const article = this.bestArticle({ stems, intent: top.intent, ...labels, known: labels });

    return {
      diagnosis: {
        intent: top.intent,
        vendor: vendorEntry?.reportsAs ?? 'unknown',
        upstream: resolved.upstream?.value ?? 'unknown',
        cause: resolved.cause?.value ?? 'unknown',
        article: article?.meta.id ?? null,
        confidence: Math.round(top.probability * 1000) / 1000,
      },
      text,
      structure,
      stems,
      evidence,
      resolved,
      intents,
      // Without one known word, the flags alone (length, pasted material) cannot tell what is asked.
      certainty: knowsWords ? certaintyOf(intents) : 'unsure',
      role,
      ...(article ? { article } : {}),
    };
  }
}
