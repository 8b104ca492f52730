import type { Diagnoser } from '../diagnose.js';
import type { Fact } from '../knowledge/schema.js';
import type { Article, KnowledgeBase } from '../knowledge/types.js';
import type { ArticleQuery } from '../retrieval/article-index.js';
import type { Cause, Intent, Upstream } from '../taxonomy.js';
import type { SessionState } from './state.js';

/** updoc asks at most this many questions in a conversation, then answers with what it knows. */
export const MAX_QUESTIONS = 3;

/** Facts whose value selects a different article, in the order updoc prefers to ask them. */
const RANKING_FACTS: readonly Fact[] = ['cause', 'vendor', 'upstream'];
const ASK_ORDER: readonly Fact[] = ['role', 'upstream', 'cause', 'vendor', 'frequency', 'since_change', 'hosting', 'url'];

/** For these questions a visitor and an owner need different answers, whatever the article. */
const ROLE_MATTERS: readonly Intent[] = ['owner_fix', 'explain', 'duration', 'check_url'];

export interface QuestionChoice {
  fact: Fact;
  /** Without this fact there is no useful answer yet: ask instead of answering. */
  blocking: boolean;
}

function known(state: SessionState, fact: Fact): boolean {
  return state.facts[fact] !== undefined;
}

export function queryFromState(state: SessionState, base: Pick<ArticleQuery, 'stems' | 'intent'>): ArticleQuery {
  const value = (fact: Fact) => {
    const v = state.facts[fact]?.value;
    return v && v !== 'unknown' ? v : undefined;
  };
  const vendor = value('vendor');
  const upstream = value('upstream') as Upstream | undefined;
  const cause = value('cause') as Cause | undefined;
  return { ...base, ...(vendor ? { vendor } : {}), ...(upstream ? { upstream } : {}), ...(cause ? { cause } : {}) };
}

/** How many different best articles the fact's possible answers would lead to. */
function separation(fact: Fact, kb: KnowledgeBase, diagnoser: Diagnoser, query: ArticleQuery): number {
  if (!RANKING_FACTS.includes(fact)) return 0;
  const values = kb.dialog.facts.get(fact)?.options.map((o) => o.value).filter((v) => v !== 'unknown') ?? [];
  const winners = new Set(values.map((value) => diagnoser.bestArticle({ ...query, [fact]: value })?.meta.id));
  return Math.max(0, winners.size - 1);
}

/**
 * The one question worth asking now, if any: a fact the chosen article depends on, or one whose
 * answer would pick a different article, never one already known or already asked.
 */
export function chooseQuestion(
  state: SessionState,
  article: Article,
  query: ArticleQuery,
  kb: KnowledgeBase,
  diagnoser: Diagnoser,
  canProbe = false,
): QuestionChoice | undefined {
  if (state.asked.length >= MAX_QUESTIONS) return undefined;
  const role = state.facts.role?.value;
  // Only a site's owner can say what runs behind it; until the role is known, it is the question.
  const askable = (fact: Fact) => (fact === 'role' ? true : fact === 'url' ? canProbe : role === 'owner');
  // To check a site, its address comes before anything else.
  const order = query.intent === 'check_url' ? ['url' as Fact, ...ASK_ORDER.filter((f) => f !== 'url')] : ASK_ORDER;
  const open = order.filter(
    (fact) => askable(fact) && !known(state, fact) && !state.asked.includes(fact) && kb.dialog.facts.has(fact),
  );
  const needed = (fact: Fact) =>
    article.meta.needs.includes(fact) || (fact === 'role' && ROLE_MATTERS.includes(query.intent)) || (fact === 'url' && query.intent === 'check_url');
  const scored = open
    .map((fact) => ({ fact, score: (needed(fact) ? 1 : 0) + separation(fact, kb, diagnoser, query) }))
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score || order.indexOf(a.fact) - order.indexOf(b.fact));
  const best = scored[0];
  if (!best) return undefined;
  const nothingAboutTheStack = !['vendor', 'upstream', 'cause'].some((f) => {
    const v = state.facts[f as Fact]?.value;
    return v !== undefined && v !== 'unknown';
  });
  const blocking =
    best.fact === 'role' ||
    best.fact === 'url' ||
    (state.facts.role?.value === 'owner' && nothingAboutTheStack && ['vendor', 'upstream', 'cause'].includes(best.fact));
  return { fact: best.fact, blocking };
}
