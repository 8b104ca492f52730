import type { Diagnoser } from '../diagnose.js';
import type { Fact } from '../knowledge/schema.js';
import type { Article, KnowledgeBase } from '../knowledge/types.js';
import { ARTICLE_THRESHOLD, type ArticleQuery, type RankedArticle } from '../retrieval/article-index.js';
import { CONVERSATIONAL_INTENTS, type Cause, type Intent, type Upstream } from '../taxonomy.js';
import type { SessionState } from './state.js';


/** A fact's value as the conversation knows it, "unknown" counting as not known. */
export function knownValue(state: SessionState, fact: Fact): string | undefined {
  const value = state.facts[fact]?.value;
  return value && value !== 'unknown' ? value : undefined;
}

/** Where the app runs, as the person said or as its front layer or app server implies (Heroku: a platform). */
export function hostingOf(kb: KnowledgeBase, state: SessionState): string | undefined {
  const vendor = knownValue(state, 'vendor');
  const upstream = knownValue(state, 'upstream') as Upstream | undefined;
  return knownValue(state, 'hosting') ?? (vendor && kb.vendors.get(vendor)?.hosting) ?? (upstream && kb.upstreams.get(upstream)?.hosting) ?? undefined;
}

/** What a stack id is called in a reply: a vendor's or app server's name, or a hosting's label. */
export function stackName(kb: KnowledgeBase, id: string): string {
  const hosting = kb.dialog.facts.get('hosting')?.options.find((option) => option.value === id)?.label;
  return kb.vendors.get(id)?.name ?? kb.upstreams.get(id as Upstream)?.name ?? hosting ?? id;
}

function queryFrom(state: SessionState, intent: Intent): ArticleQuery {
  const vendor = knownValue(state, 'vendor');
  const upstream = knownValue(state, 'upstream') as Upstream | undefined;
  const cause = knownValue(state, 'cause') as Cause | undefined;
  const known = Object.fromEntries(Object.entries(state.facts).map(([fact, value]) => [fact, value?.value]));
  return { stems: state.topic, intent, ...(vendor ? { vendor } : {}), ...(upstream ? { upstream } : {}), ...(cause ? { cause } : {}), known };
}

/**
 * What one turn knows about the question being answered: the article query built from the
 * conversation's facts and its best article, computed once and shared by the choice of a
 * follow-up question and the composition of the answer (the whole ranking only when asked for).
 */
export class TurnContext {
  readonly query: ArticleQuery;
  /** The article that answers, when one fits; otherwise the closest one. */
  readonly article: Article | undefined;
  private rankedArticles?: RankedArticle[];

  constructor(
    readonly kb: KnowledgeBase,
    readonly diagnoser: Diagnoser,
    readonly state: SessionState,
    /** The question as answered: the owner's or the visitor's reading of what was asked. */
    readonly intent: Intent,
    /** What the message asked, before that reading ("check my site" stays a request for a check). */
    readonly asked: Intent = intent,
  ) {
    this.query = queryFrom(state, intent);
    const best = diagnoser.topArticle(this.query);
    this.article = best && (best.score >= ARTICLE_THRESHOLD || !CONVERSATIONAL_INTENTS.includes(intent)) ? best.article : undefined;
  }

  /** Every article, best first: ordered only for an answer that looks past the best one. */
  get ranked(): RankedArticle[] {
    this.rankedArticles ??= this.diagnoser.rankArticles(this.query);
    return this.rankedArticles;
  }

  /** The best article were the fact to take this value: the same words, ranked under other labels. */
  articleIf(fact: Fact, value: string): Article | undefined {
    const best = this.diagnoser.topArticle({ ...this.query, [fact]: value });
    return best && best.score >= ARTICLE_THRESHOLD ? best.article : undefined;
  }

  /** A section of the chosen article, or of the general article for an intent when it has none. */
  section(name: string, fallbackIntent?: Intent): string | undefined {
    const own = this.article?.sections.get(name);
    if (own || !fallbackIntent) return own;
    return this.diagnoser.generalSection(fallbackIntent, name);
  }
}
