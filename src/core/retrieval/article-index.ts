import TfIdf from 'natural/lib/natural/tfidf/tfidf.js';
import type { Article, KnowledgeBase } from '../knowledge/types.js';
import type { Cause, Intent, Upstream } from '../taxonomy.js';

export interface ArticleQuery {
  stems: string[];
  intent: Intent;
  vendor?: string;
  upstream?: Upstream;
  cause?: Cause;
}

export interface RankedArticle {
  article: Article;
  score: number;
}

/** How much each kind of agreement between a question and an article counts. */
const WEIGHTS = { text: 0.4, title: 0.3, intent: 1, vendor: 0.5, cause: 0.9, upstream: 0.2 };
/** An article must at least answer the right kind of question, or be a strong text match. */
export const ARTICLE_THRESHOLD = 0.9;

// natural's TfIdf keeps terms as plain object keys: a prefix keeps words like "constructor" from
// colliding with Object.prototype.
const term = (stem: string) => `t:${stem}`;

/** +1 when the article is about this value, 0 when it is general, negative when it is about something else. */
function fit<T extends string>(articleValues: readonly T[], value: T | undefined): number {
  if (articleValues.length === 0) return 0;
  if (value === undefined) return -0.4;
  return articleValues.includes(value) ? 1 : -1;
}

/** Finds the article that best answers a diagnosed question: labels first, words as tie-breaker. */
export class ArticleIndex {
  private readonly tfidf = new TfIdf();
  private readonly articles: Article[];
  /** Each article's title words: a question that names what a title names is about that article. */
  private readonly titles: Set<string>[];

  constructor(kb: KnowledgeBase) {
    this.articles = kb.articles;
    this.titles = this.articles.map((a) => new Set(a.titleTerms));
    for (const article of this.articles) this.tfidf.addDocument(article.terms.map(term));
  }

  rank(query: ArticleQuery): RankedArticle[] {
    const unique = [...new Set(query.stems)];
    const terms = unique.map(term);
    const textScores = this.articles.map((_, i) => this.tfidf.tfidf(terms, i));
    const maxText = Math.max(1e-9, ...textScores);
    const titleScores = this.titles.map((title) => (title.size ? unique.filter((t) => title.has(t)).length / title.size : 0));
    return this.articles
      .map((article, i) => {
        const { meta } = article;
        const score =
          WEIGHTS.text * ((textScores[i] ?? 0) / maxText) +
          WEIGHTS.title * (titleScores[i] ?? 0) +
          WEIGHTS.intent * (meta.intents.includes(query.intent) ? 1 : 0) +
          WEIGHTS.vendor * fit(meta.vendors, query.vendor) +
          WEIGHTS.cause * fit(meta.causes, query.cause) +
          WEIGHTS.upstream * fit(meta.upstreams, query.upstream);
        return { article, score };
      })
      .sort((a, b) => b.score - a.score);
  }
}
