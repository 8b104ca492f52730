import type { ArticleMeta, Fact } from '../knowledge/schema.js';
import type { Article, KnowledgeBase } from '../knowledge/types.js';
import { stemTokens } from '../text/tokens.js';
import type { Cause, Intent, Upstream } from '../taxonomy.js';
import { PackedLists } from '../packed-lists.js';
import { ArticleLabels } from './article-labels.js';
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

/** Whether `words` holds `run` as consecutive words from `at` on. */
function runAt(words: readonly string[], at: number, run: readonly string[]): boolean {
  if (at + run.length > words.length) return false;
  for (let j = 0; j < run.length; j++) if (words[at + j] !== run[j]) return false;
  return true;
}

/** Whether an article's conditions hold: a bonus when they do, out of the running when they do not. */
function conditions(requires: readonly (readonly [Fact, readonly string[]])[], known: ArticleQuery['known']): number {
  if (requires.length === 0) return 0;
  return requires.every(([fact, values]) => values.includes(known?.[fact] ?? '')) ? WEIGHTS.requires : UNMET;
}

/** A question's words against every article: text weights over the best one's, and title shares. */
interface WordScores {
  stems: readonly string[];
  text: Float64Array;
  title: Float64Array;
  /** 1 for an article chosen only when named whose name the words hold. */
  named: Uint8Array;
}

function sameWords(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** What the articles hold of one stem: its number in the packed postings and title lists, and the names that start with it. */
interface Term {
  index: number;
  names?: { article: number; name: string[] }[];
  /** The last query that counted this stem: a stem counts once per query. */
  countedIn: number;
}

/** Finds the article that best answers a diagnosed question: labels first, words as tie-breaker. */
export class ArticleIndex {
  private readonly articles: Article[];
  /** How many different terms each article's title has. */
  private readonly titleSizes: number[];
  /** Every stem the articles' texts, titles or names hold (the names of articles chosen only when named). */
  private readonly terms = new Map<string, Term>();
  /** Per term, the articles holding it (`postingWeights` aligned with its items: the term's weight in each) and the titles holding it. */
  private readonly postings: PackedLists;
  private readonly postingWeights: Float64Array;
  private readonly titles: PackedLists;
  private queries = 0;
  /** Whether each article is chosen only when named. */
  private readonly onlyWhenNamed: boolean[];
  private readonly labels: { intents: ArticleLabels; vendors: ArticleLabels; causes: ArticleLabels; upstreams: ArticleLabels };
  /** Each article's conditions on the conversation's facts (`requires`), as entries. */
  private readonly requires: (readonly [Fact, readonly string[]])[][];
  /** Follow-up questions rank the same words under several labels: the last word scores are kept. */
  private lastWords?: WordScores;

  constructor(kb: KnowledgeBase) {
    this.articles = kb.articles;
    const vectors: ArticleVectors = kb.articleVectors;
    this.titleSizes = vectors.titleSizes;
    const term = (stem: string): Term => {
      let found = this.terms.get(stem);
      if (!found) this.terms.set(stem, (found = { index: this.terms.size, countedIn: -1 }));
      return found;
    };
    for (const stem of vectors.text.keys()) term(stem);
    for (const stem of vectors.title.keys()) term(stem);
    this.articles.forEach((a, article) => {
      if (!a.meta.onlyWhenNamed) return;
      for (const keyword of a.meta.keywords) {
        const name = stemTokens(keyword.toLowerCase());
        if (name[0] !== undefined) (term(name[0]).names ??= []).push({ article, name });
      }
    });
    const stems = [...this.terms.keys()];
    this.postings = new PackedLists(stems.map((stem) => vectors.text.get(stem)?.articles ?? []));
    this.postingWeights = Float64Array.from(stems.flatMap((stem) => vectors.text.get(stem)?.weights ?? []));
    this.titles = new PackedLists(stems.map((stem) => vectors.title.get(stem) ?? []));
    this.onlyWhenNamed = this.articles.map((a) => a.meta.onlyWhenNamed === true);
    const labels = (of: (meta: ArticleMeta) => readonly string[]) => new ArticleLabels(this.articles.map((a) => of(a.meta)));
    this.labels = { intents: labels((m) => m.intents), vendors: labels((m) => m.vendors), causes: labels((m) => m.causes), upstreams: labels((m) => m.upstreams) };
    this.requires = this.articles.map((a) => Object.entries(a.meta.requires) as [Fact, string[]][]);
  }

  /** The words' share of each article: the costly part, the same for every label a question may get. */
  private wordScores(stems: readonly string[]): WordScores {
    if (this.lastWords && sameWords(this.lastWords.stems, stems)) return this.lastWords;
    const count = this.articles.length;
    const text = new Float64Array(count);
    const titleHits = new Uint16Array(count);
    const named = new Uint8Array(count);
    const query = this.queries++;
    const { postings, postingWeights, titles } = this;
    stems.forEach((stem, at) => {
      const term = this.terms.get(stem);
      if (!term) return;
      for (const { article, name } of term.names ?? []) if (runAt(stems, at, name)) named[article] = 1;
      if (term.countedIn === query) return;
      term.countedIn = query;
      for (let k = postings.starts[term.index] as number; k < (postings.starts[term.index + 1] as number); k++) {
        const i = postings.items[k] as number;
        text[i] = (text[i] as number) + (postingWeights[k] as number);
      }
      for (let k = titles.starts[term.index] as number; k < (titles.starts[term.index + 1] as number); k++) {
        const i = titles.items[k] as number;
        titleHits[i] = (titleHits[i] as number) + 1;
      }
    });
    let maxText = 1e-9;
    for (let i = 0; i < count; i++) maxText = Math.max(maxText, text[i] as number);
    const title = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      text[i] = (text[i] as number) / maxText;
      const size = this.titleSizes[i] as number;
      title[i] = size ? (titleHits[i] as number) / size : 0;
    }
    this.lastWords = { stems: [...stems], text, title, named };
    return this.lastWords;
  }

  /** The numbers of a question's labels in the article label tables. */
  private labelNumbers(query: ArticleQuery) {
    const { intents, vendors, causes, upstreams } = this.labels;
    return { intent: intents.numberOf(query.intent), vendor: vendors.numberOf(query.vendor), cause: causes.numberOf(query.cause), upstream: upstreams.numberOf(query.upstream) };
  }

  private score(i: number, query: ArticleQuery, asked: ReturnType<ArticleIndex['labelNumbers']>, words: WordScores): number {
    const { intents, vendors, causes, upstreams } = this.labels;
    return (
      WEIGHTS.text * (words.text[i] as number) +
      WEIGHTS.title * (words.title[i] as number) +
      WEIGHTS.intent * (intents.holds(i, asked.intent) ? 1 : 0) +
      (query.vendor === undefined && !vendors.isGeneral(i) ? UNKNOWN_VENDOR : WEIGHTS.vendor * vendors.fit(i, query.vendor, asked.vendor)) +
      WEIGHTS.cause * causes.fit(i, query.cause, asked.cause) +
      WEIGHTS.upstream * upstreams.fit(i, query.upstream, asked.upstream) +
      conditions(this.requires[i] as [Fact, string[]][], query.known) +
      (this.onlyWhenNamed[i] && words.named[i] === 0 ? UNMET : 0)
    );
  }

  private scored(query: ArticleQuery): RankedArticle[] {
    const words = this.wordScores(query.stems);
    const asked = this.labelNumbers(query);
    return this.articles.map((article, i) => ({ article, score: this.score(i, query, asked, words) }));
  }

  /** Every article, best first (equal scores in knowledge order). */
  rank(query: ArticleQuery): RankedArticle[] {
    return this.scored(query).sort((a, b) => b.score - a.score);
  }

  /** The first article of `rank`, without ordering the rest. */
  best(query: ArticleQuery): RankedArticle | undefined {
    const words = this.wordScores(query.stems);
    const asked = this.labelNumbers(query);
    let best = -1;
    let bestScore = -Infinity;
    for (let i = 0; i < this.articles.length; i++) {
      const score = this.score(i, query, asked, words);
      if (score > bestScore) {
        best = i;
        bestScore = score;
      }
    }
    return best === -1 ? undefined : { article: this.articles[best] as Article, score: bestScore };
  }
}
