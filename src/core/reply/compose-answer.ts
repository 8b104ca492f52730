import type { Diagnoser } from '../diagnose.js';
import type { SessionState } from '../dialog/state.js';
import type { Article, KnowledgeBase } from '../knowledge/types.js';
import type { Intent, Upstream } from '../taxonomy.js';
import { bulleted, firstSentences, inlineCode, listItems, numbered } from './markdown.js';

/** Replies are read in chat windows: the rest of an article waits behind a "more" button. */
export const REPLY_BUDGET = 1_150;
const MAX_STEPS = 6;
const MAX_TRIES = 4;
const MAX_QUOTES = 2;

export interface ComposedAnswer {
  text: string;
  /** What did not fit, for the "more" button. */
  more?: string;
}

interface Context {
  kb: KnowledgeBase;
  diagnoser: Diagnoser;
  state: SessionState;
  intent: Intent;
  article: Article;
}

/** Finds a section in the article, else in the best general article for the given intent. */
function section(ctx: Context, name: string, fallbackIntent?: Intent): string | undefined {
  const own = ctx.article.sections.get(name);
  if (own || !fallbackIntent) return own;
  const fallback = ctx.diagnoser.rankArticles({ stems: [], intent: fallbackIntent }).find((r) => r.article.sections.has(name));
  return fallback?.article.sections.get(name);
}

function fit(parts: string[]): ComposedAnswer {
  const kept: string[] = [];
  let length = 0;
  let i = 0;
  for (; i < parts.length; i++) {
    const part = parts[i] as string;
    if (kept.length > 0 && length + part.length + 2 > REPLY_BUDGET) break;
    kept.push(part);
    length += part.length + 2;
  }
  const rest = parts.slice(i);
  return { text: kept.join('\n\n'), ...(rest.length ? { more: rest.join('\n\n') } : {}) };
}

function evidenceQuotes(state: SessionState): string[] {
  return state.evidence.slice(0, MAX_QUOTES).map((e) => {
    if (e.from === 'screenshot') return `Your screenshot shows ${inlineCode(e.excerpt)}: ${e.means.replace(/\.$/, '')}.`;
    const what = e.kind === 'log' ? 'Your log line' : e.kind === 'header' ? 'The header' : 'What you pasted,';
    return `${what} ${inlineCode(e.excerpt)} means ${e.means.replace(/\.$/, '')}.`;
  });
}

/** A section's list as bullets, or its first sentences when it is written as prose. */
function listOrProse(markdown: string | undefined, max: number): string {
  if (!markdown) return '';
  const items = listItems(markdown).slice(0, max);
  return items.length ? bulleted(items) : firstSentences(markdown, 2);
}

function visitorAnswer(ctx: Context): ComposedAnswer {
  const meaning = firstSentences(section(ctx, 'What it means', 'explain') ?? ctx.article.meta.summary, 2);
  const fault = section(ctx, 'Whose fault', 'whose_fault');
  const tries = listOrProse(section(ctx, 'What you can try', 'visitor_fix'), MAX_TRIES);
  const howLong = section(ctx, 'How long it lasts', 'duration');
  const parts = {
    meaning,
    fault: fault ? `**Is it you?** ${firstSentences(fault, 2)}` : '',
    tries: tries ? `**What you can try**\n${tries}` : '',
    howLong: howLong ? `**How long?** ${firstSentences(howLong, 2)}` : '',
  };
  const seen = ctx.state.evidence.find((e) => e.kind === 'page' || e.kind === 'header');
  const lead = !seen ? '' : seen.from === 'screenshot'
    ? `Your screenshot shows ${inlineCode(seen.excerpt)}: ${seen.means.replace(/\.$/, '')}.`
    : `What you see means ${seen.means.replace(/\.$/, '')}.`;
  const order: (keyof typeof parts)[] =
    ctx.intent === 'whose_fault' ? ['fault', 'meaning', 'tries', 'howLong']
    : ctx.intent === 'visitor_fix' ? ['tries', 'meaning', 'fault', 'howLong']
    : ctx.intent === 'duration' ? ['howLong', 'meaning', 'tries', 'fault']
    : ['meaning', 'fault', 'tries', 'howLong'];
  return fit([lead, ...order.map((k) => parts[k])].filter(Boolean));
}

function ownerHeadline(ctx: Context): string {
  const { kb, state } = ctx;
  const vendorId = state.facts.vendor?.value;
  const vendor = vendorId && vendorId !== 'unknown' ? kb.vendors.get(vendorId)?.name : undefined;
  const upstreamId = state.facts.upstream?.value as Upstream | undefined;
  const upstream = upstreamId && upstreamId !== 'unknown' ? kb.upstreams.get(upstreamId)?.name : undefined;
  const causeId = state.facts.cause?.value;
  const cause = causeId && causeId !== 'unknown' ? kb.causes.get(causeId as never)?.name : undefined;
  const layer = vendor
    ? `Your **${vendor}** could not get a valid answer from ${upstream ? `**${upstream}**` : 'the app behind it'}`
    : upstream
      ? `The gateway in front of your site could not get a valid answer from **${upstream}**`
      : '';
  if (layer && cause) return `${layer}: ${cause}.`;
  if (layer) return `${layer}.`;
  return cause ? `The cause: ${cause}.` : `**${ctx.article.meta.title}**`;
}

function ownerAnswer(ctx: Context): ComposedAnswer {
  const upstream = ctx.state.facts.upstream?.value;
  const specific = upstream ? ctx.article.sections.get(`Steps for ${upstream}`) : undefined;
  // Stack-specific steps first, then the general ones they build on.
  const steps = [...new Set([...listItems(specific ?? ''), ...listItems(ctx.article.sections.get('Steps') ?? '')])].slice(0, MAX_STEPS);
  const upstreamName = upstream ? ctx.kb.upstreams.get(upstream as Upstream)?.name : undefined;
  const quotes = evidenceQuotes(ctx.state);
  const meaning = section(ctx, 'What it means');
  const compare = ctx.intent === 'compare' ? section(ctx, 'How it compares') : undefined;
  const why = listItems(section(ctx, 'Why it happens') ?? '').slice(0, 4);
  return fit(
    [
      ownerHeadline(ctx),
      quotes[0] ?? (meaning ? firstSentences(meaning, 2) : ''),
      compare ? firstSentences(compare, 3) : '',
      steps.length ? `**${specific && upstreamName ? `Steps for ${upstreamName}` : 'Steps'}**\n${numbered(steps)}` : '',
      ...quotes.slice(1),
      why.length ? `**Other common reasons**\n${bulleted(why)}` : '',
    ].filter(Boolean),
  );
}

/** A section in brief: its opening sentences, then its list if it has one. */
function digest(markdown: string | undefined, sentences: number, items: number): string {
  if (!markdown) return '';
  const list = listItems(markdown).slice(0, items);
  return [firstSentences(markdown, sentences), list.length ? bulleted(list) : ''].filter(Boolean).join('\n');
}

function generalAnswer(ctx: Context): ComposedAnswer {
  const meaning = section(ctx, 'What it means');
  const compare = section(ctx, 'How it compares');
  const tries = listOrProse(section(ctx, 'What you can try'), MAX_TRIES);
  const howLong = section(ctx, 'How long it lasts');
  return fit(
    [
      meaning ? digest(meaning, 3, 5) : ctx.article.meta.summary,
      compare ? digest(compare, 3, 5) : '',
      howLong && ctx.intent === 'duration' ? firstSentences(howLong, 3) : '',
      tries ? `**What you can try**\n${tries}` : '',
      ...evidenceQuotes(ctx.state),
    ].filter(Boolean),
  );
}

/** Composes the explanation for this person: visitor, owner, or (role unknown) both. */
export function composeAnswer(ctx: Context): ComposedAnswer {
  const role = ctx.state.facts.role?.value;
  if (role === 'visitor' || ctx.article.meta.audience === 'visitor') return visitorAnswer(ctx);
  if (role === 'owner' || ctx.article.meta.audience === 'owner') return ownerAnswer(ctx);
  return generalAnswer(ctx);
}
