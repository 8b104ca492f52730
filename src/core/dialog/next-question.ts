import type { Fact } from '../knowledge/schema.js';
import type { Intent } from '../taxonomy.js';
import { hostingOf, knownValue, type TurnContext } from './turn-context.js';

/** updoc asks at most this many questions in a conversation, then answers with what it knows. */
export const MAX_QUESTIONS = 3;

/** Facts whose value selects a different article, in the order updoc prefers to ask them. */
const RANKING_FACTS: readonly Fact[] = ['cause', 'vendor', 'upstream'];
const ASK_ORDER: readonly Fact[] = ['url', 'role', 'upstream', 'cause', 'vendor', 'frequency', 'change', 'hosting'];
const PLATFORM_HOSTING: readonly string[] = ['paas', 'serverless'];

/** Questions about what something means: owners and visitors get the same answer. */
const CONCEPTUAL: readonly Intent[] = ['explain', 'compare', 'duration'];

/** How many different best articles the fact's possible answers would lead to. */
function separation(ctx: TurnContext, fact: Fact): number {
  if (!RANKING_FACTS.includes(fact)) return 0;
  const values = ctx.kb.dialog.facts.get(fact)?.options.map((o) => o.value).filter((v) => v !== 'unknown') ?? [];
  const winners = new Set(values.map((value) => ctx.articleIf(fact, value)?.meta.id));
  return Math.max(0, winners.size - 1);
}

/**
 * The one question worth asking after this answer, if any: a fact the answer depends on, or one
 * whose answer would pick a different article; never one known, already asked, or asked after
 * the conversation went to a person. Only a site's owner can say what runs behind it.
 */
export function chooseQuestion(ctx: TurnContext, canProbe: boolean): Fact | undefined {
  const { state, article, intent, kb } = ctx;
  if (!article || state.handedOff || state.asked.length >= MAX_QUESTIONS) return undefined;
  const owner = knownValue(state, 'role') === 'owner';
  // An owner's article explained to someone unknown: whether the site is theirs decides what comes next.
  const forOwners = article.meta.audience === 'owner';
  const askable = (fact: Fact): boolean => {
    if (state.facts[fact] !== undefined || state.asked.includes(fact) || !kb.dialog.facts.has(fact)) return false;
    if (fact === 'url') return canProbe && ctx.asked === 'check_url';
    if (fact === 'role') return (!CONCEPTUAL.includes(intent) && article.meta.needs.includes('role')) || forOwners;
    // On a platform or in a function, the platform is the front layer: there is no server to name.
    if (fact === 'vendor' && PLATFORM_HOSTING.includes(hostingOf(kb, state) ?? '')) return false;
    return owner;
  };
  // When the log could not name the cause, what changed just before it began is the next best clue.
  const causeUnfound = state.asked.includes('cause') && !knownValue(state, 'cause');
  const needed = (fact: Fact) => article.meta.needs.includes(fact) || fact === 'url' || (fact === 'change' && causeUnfound) || (fact === 'role' && forOwners);
  const scored = ASK_ORDER.filter(askable)
    .map((fact) => ({ fact, score: (needed(fact) ? 1 : 0) + separation(ctx, fact) }))
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score || ASK_ORDER.indexOf(a.fact) - ASK_ORDER.indexOf(b.fact));
  return scored[0]?.fact;
}
