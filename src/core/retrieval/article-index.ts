import type { ArticleMeta, Fact } from '../knowledge/schema.js';
import type { Article, KnowledgeBase } from '../knowledge/types.js';
import { stemTokens } from '../text/tokens.js';
import type { Cause, Intent, Upstream } from '../taxonomy.js';
import type { ArticleVectors } from './article-vectors.js';

export interface ArticleQuery {
  stems: string[];
  intent: Intent;
  vendor?: string;
  upstream?: Upstream;
  cause?: Cause;
  /** Every fact the conversation knows, for articles that apply only under some ("many sites fail"). */
  known?: Partial<Record<Fact, string>>;
}

export interface RankedArticle {
  article: Article;
  score: number;
}

/** How much each kind of agreement between a question and an article counts. */
const WEIGHTS = { text: 0.4, title: 0.3, intent: 1, vendor: 0.5, cause: 0.9, upstream: 0.2, requires: 1.5 };
/** An article about an app server or cause the conversation does not know yet ranks below the general one. */
const UNKNOWN_FIT = -0.8;
/** An article whose condition does not hold is as good as absent. */
const UNMET = -10;
/**
 * An article about one vendor's page is not chosen while the vendor is unknown: the answer would
 * explain Squid's page while saying nothing names Squid. Words that point to a vendor's page are
 * that vendor's signatures, which name it.
 */
const UNKNOWN_VENDOR = UNMET;
/** An article must at least answer the right kind of question, or be a strong text match. */
export const ARTICLE_THRESHOLD = 0.9;

/** +1 when the article is about this value, 0 when it is general, negative when it is about something else. */
function fit<T extends string>(articleValues: readonly T[], value: T | undefined): number {
  if (articleValues.length === 0) return 0;
  if (value === undefined) return UNKNOWN_FIT;
  return articleValues.includes(value) ? 1 : -1;
}

/** Whether `words` holds `run` as consecutive words. */
function containsRun(words: readonly string[], run: readonly string[]): boolean {
  for (let i = 0; i + run.length <= words.length; i++) {
    if (run.every((word, j) => words[i + j] === word)) return true;
  }
  return false;
}

/** Whether an article's conditions hold: a bonus when they do, out of the running when they do not. */
function conditions(requires: ArticleMeta['requires'], known: ArticleQuery['known']): number {
  const entries = Object.entries(requires) as [Fact, string[]][];
  if (entries.length === 0) return 0;
  return entries.every(([fact, values]) => values.includes(known?.[fact] ?? '')) ? WEIGHTS.requires : UNMET;
}

/** Finds the article that best answers a diagnosed question: labels first, words as tie-breaker. */
export class ArticleIndex {
  private readonly articles: Article[];
  /** The articles' term weights and title words, computed when the knowledge was loaded. */
  private readonly vectors: ArticleVectors;
  /** For articles chosen only when named: their keywords as stem sequences. */
  private readonly names: (string[][] | undefined)[];
  /** Follow-up questions rank the same words under several labels: the last word scores are kept. */
  private lastWords?: { key: string; scores: { text: number[]; title: number[] } };

  constructor(kb: KnowledgeBase) {
    this.articles = kb.articles;
    this.vectors = kb.articleVectors;
    this.names = this.articles.map((a) => (a.meta.onlyWhenNamed ? a.meta.keywords.map((k) => stemTokens(k.toLowerCase())).filter((k) => k.length > 0) : undefined));
  }

  /** The words' share of each article: the costly part, the same for every label a question may get. */
  private wordScores(stems: readonly string[]): { text: number[]; title: number[] } {
    const key = stems.join(' ');
    if (this.lastWords?.key === key) return this.lastWords.scores;
    const text = new Float64Array(this.articles.length);
    const titleHits = new Uint16Array(this.articles.length);
    for (const stem of new Set(stems)) {
      const posting = this.vectors.text.get(stem);
      if (posting) {
        const { articles, weights } = posting;
        for (let k = 0; k < articles.length; k++) {
          const i = articles[k] as number;
          text[i] = (text[i] as number) + (weights[k] as number);
        }
      }
      const titled = this.vectors.title.get(stem);
      if (titled) for (const i of titled) titleHits[i] = (titleHits[i] as number) + 1;
    }
    const maxText = Math.max(1e-9, ...text);
    const scores = {
      text: [...text].map((score) => score / maxText),
      title: this.vectors.titleSizes.map((size, i) => (size ? (titleHits[i] as number) / size : 0)),
    };
    this.lastWords = { key, scores };
    return scores;
  }

  private scored(query: ArticleQuery): RankedArticle[] {
    const { text: textScores, title: titleScores } = this.wordScores(query.stems);
    return this.articles.map((article, i) => {
      const { meta } = article;
      const score =
        WEIGHTS.text * (textScores[i] ?? 0) +
        WEIGHTS.title * (titleScores[i] ?? 0) +
        WEIGHTS.intent * (meta.intents.includes(query.intent) ? 1 : 0) +
        (query.vendor === undefined && meta.vendors.length > 0 ? UNKNOWN_VENDOR : WEIGHTS.vendor * fit(meta.vendors, query.vendor)) +
        WEIGHTS.cause * fit(meta.causes, query.cause) +
        WEIGHTS.upstream * fit(meta.upstreams, query.upstream) +
        conditions(meta.requires, query.known) +
        (this.names[i] && !this.names[i].some((name) => containsRun(query.stems, name)) ? UNMET : 0);
      return { article, score };
    });
  }

  /** Every article, best first (equal scores in knowledge order). */
  rank(query: ArticleQuery): RankedArticle[] {
    return this.scored(query).sort((a, b) => b.score - a.score);
  }

  /** The first article of `rank`, without ordering the rest. */
  best(query: ArticleQuery): RankedArticle | undefined {
    let best: RankedArticle | undefined;
    for (const ranked of this.scored(query)) if (!best || ranked.score > best.score) best = ranked;
    return best;
  }
}
