import { say } from '../dialog/responses.js';
import type { QuotedEvidence } from '../dialog/state.js';
import { hostingOf, knownValue, stackName, type TurnContext } from '../dialog/turn-context.js';
import type { Article, KnowledgeBase } from '../knowledge/types.js';
import type { Upstream } from '../taxonomy.js';
import { bulleted, firstSentences, inlineCode, listItems, numbered } from './markdown.js';
import { CONTAINER_HOSTING, fitsStack, SHELL_LESS_HOSTING, type KnownStack } from './stack-fit.js';
import { words as STOP_WORDS } from 'natural/lib/natural/util/stopwords.js';
import { stemTokens } from '../text/tokens.js';
import { triedAlready } from './tried-already.js';

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

/**
 * The parts that fit the chat budget, the rest for "More". A list too long for the room left is
 * cut between its items (its heading and first items stay), so the first reply is never only a title.
 */
function fit(parts: string[]): ComposedAnswer {
  const kept: string[] = [];
  let length = 0;
  let i = 0;
  for (; i < parts.length; i++) {
    const part = parts[i] as string;
    if (kept.length === 0 || length + part.length + 2 <= REPLY_BUDGET) {
      kept.push(part);
      length += part.length + 2;
      continue;
    }
    const lines = part.split('\n');
    let head = 0;
    let room = REPLY_BUDGET - length - 2;
    while (head < lines.length && (lines[head] as string).length + 1 <= room) room -= (lines[head++] as string).length + 1;
    if (head >= 2 && /^\s*(?:\d+[.)]|[-*])\s/.test(lines[1] ?? '')) {
      kept.push(lines.slice(0, head).join('\n'));
      parts = [...parts.slice(0, i), lines.slice(head).join('\n'), ...parts.slice(i + 1)];
    }
    break;
  }
  const rest = parts.slice(i).filter(Boolean);
  return { text: kept.join('\n\n'), ...(rest.length ? { more: rest.join('\n\n') } : {}) };
}

const QUOTE_KIND = { log: 'quote_log', header: 'quote_header', page: 'quote_page' } as const;

/** What the person pasted or showed, quoted back with what it means; their own words are not quoted. */
function evidenceQuotes(ctx: TurnContext): string[] {
  return ctx.state.evidence.slice(0, MAX_QUOTES).map((e: QuotedEvidence) => {
    const vars = { excerpt: inlineCode(e.excerpt), means: e.means.replace(/\.$/, '') };
    if (e.from === 'screenshot') return say(ctx.kb, 'quote_screenshot', vars);
    if (e.inOwnWords && e.kind !== 'log') return say(ctx.kb, 'page_means', vars);
    return say(ctx.kb, QUOTE_KIND[e.kind as keyof typeof QUOTE_KIND] ?? 'quote_page', vars);
  });
}

/** A section's list as bullets, or its first sentences when it is written as prose. */
function listOrProse(markdown: string | undefined, max: number): string {
  if (!markdown) return '';
  const items = listItems(markdown).slice(0, max);
  return items.length ? bulleted(items) : firstSentences(markdown, 2);
}

/** A heading above its content, or nothing at all when there is no content. */
function headed(heading: string, content: string): string {
  return content ? `${heading}\n${content}` : '';
}

function inline(heading: string, content: string): string {
  return content ? `${heading} ${content}` : '';
}

const STOP_WORDS_SET = new Set(STOP_WORDS);
/** A step whose bold lead asks about a situation: it is for people in that situation. */
const CONDITIONAL_STEP = /^\*\*[^*]{1,80}\?\*\*/;

/** What a step asks to do: its bold lead, else its words before the first colon or full stop. */
function actionOf(item: string): string {
  return /^\*\*(.+?)\*\*/.exec(item)?.[1] ?? item.split(/[:.]\s/)[0] ?? item;
}

/**
 * The tries, those that speak to the person's own words first ("charged twice" puts the payment
 * advice on top), without those the person said they already did ("works on my phone on 4g").
 */
function triesFor(ctx: TurnContext, markdown: string | undefined): string {
  if (!markdown) return '';
  const items = listItems(markdown);
  if (items.length === 0) return firstSentences(markdown, 2);
  const meaningful = (stems: Iterable<string>) => new Set([...stems].filter((stem) => !STOP_WORDS_SET.has(stem)));
  const topic = meaningful(ctx.state.topic);
  const done = meaningful(triedAlready(ctx.state));
  const stems = items.map((item) => new Set(stemTokens(item.toLowerCase())));
  // Only words of the person's that one item alone holds count: words every item shares ("site",
  // "page") say nothing about which step they meant.
  const distinctive = (at: number, said: Set<string>) =>
    [...(stems[at] as Set<string>)].filter((stem) => said.has(stem) && stems.every((other, i) => i === at || !other.has(stem))).length;
  // A step is done when its action ("Clear the cache and cookies") holds two of the words the
  // person used for what they did, or one that no other step holds ("phone").
  const isDone = (item: string, at: number) => {
    const action = stemTokens(actionOf(item).toLowerCase()).filter((stem) => done.has(stem));
    return new Set(action).size >= 2 || distinctive(at, new Set(action)) > 0;
  };
  // A step for one situation ("**At checkout, paying, booking or ordering?**") waits behind the others unless
  // the person's words touch its situation: no payment advice for a homework upload, nor for a bank's login page.
  const aside = (item: string) => CONDITIONAL_STEP.test(item) && !stemTokens(actionOf(item).toLowerCase()).some((stem) => topic.has(stem));
  const scored = items.map((item, at) => {
    const away = aside(item);
    const words = away ? 0 : distinctive(at, topic);
    return { item, at, done: isDone(item, at), aside: away, score: words >= 2 ? words : 0 };
  });
  const fresh = scored.filter((s) => !s.done);
  const kept = fresh.length > 0 ? fresh : scored;
  kept.sort((a, b) => b.score - a.score || Number(a.aside) - Number(b.aside) || a.at - b.at);
  return bulleted(kept.slice(0, MAX_TRIES).map((s) => s.item));
}

const OWNERS_WORDS = /\byour (origin(?: server)?|server|web server|app|application|backend|host)\b/gi;

function visitorAnswer(ctx: TurnContext): ComposedAnswer {
  const { kb } = ctx;
  const meaning = firstSentences(ctx.section('What it means', 'explain') ?? ctx.article?.meta.summary ?? '', 2);
  const parts = {
    meaning,
    fault: inline(say(kb, 'heading_is_it_you'), firstSentences(ctx.section('Whose fault', 'whose_fault') ?? '', 2)),
    tries: headed(say(kb, 'heading_try'), triesFor(ctx, ctx.section('What you can try', 'visitor_fix'))),
    howLong: inline(say(kb, 'heading_how_long'), firstSentences(ctx.section('How long it lasts', 'duration') ?? '', 2)),
  };
  const seen = ctx.state.evidence.find((e) => e.kind === 'page' || e.kind === 'header');
  // Signatures explain pages to the site's owner; a visitor hears about the site's servers, not "yours".
  const means = seen?.means.replace(/\.$/, '').replace(OWNERS_WORDS, "the site's $1");
  // Said once is enough: a later answer in the same conversation does not read the page out again.
  const lead = !seen || saidBefore(ctx).includes(means as string)
    ? ''
    : seen.from === 'screenshot'
      ? say(kb, 'quote_screenshot', { excerpt: inlineCode(seen.excerpt), means: means as string })
      : say(kb, 'page_means', { means: means as string });
  const order: (keyof typeof parts)[] =
    ctx.intent === 'whose_fault' ? ['fault', 'meaning', 'tries', 'howLong']
    : ctx.intent === 'visitor_fix' ? ['tries', 'meaning', 'fault', 'howLong']
    : ctx.intent === 'duration' ? ['howLong', 'meaning', 'tries', 'fault']
    : ['meaning', 'fault', 'tries', 'howLong'];
  return fit([lead, ...order.map((k) => parts[k])].filter(Boolean));
}

function ownerHeadline(ctx: TurnContext): string {
  const { kb, state } = ctx;
  const vendorId = knownValue(state, 'vendor');
  const vendor = vendorId ? kb.vendors.get(vendorId) : undefined;
  const upstreamId = knownValue(state, 'upstream') as Upstream | undefined;
  const upstreamName = upstreamId ? kb.upstreams.get(upstreamId)?.name : undefined;
  const causeId = knownValue(state, 'cause');
  const cause = causeId ? kb.causes.get(causeId as never)?.name : undefined;
  const upstream = upstreamName ? `**${upstreamName}**` : say(kb, 'upstream_unnamed');
  const layer = vendor
    ? say(kb, vendor.layer === 'edge' ? 'headline_edge' : vendor.layer === 'platform' ? 'headline_platform' : 'headline_proxy', { vendor: vendor.name, upstream })
    : upstreamName
      ? say(kb, 'headline_upstream', { upstream })
      : '';
  if (layer && cause) return say(kb, 'headline_with_cause', { headline: layer, cause });
  if (layer) return `${layer}.`;
  return cause ? say(kb, 'headline_cause', { cause }) : `**${ctx.article?.meta.title ?? ''}**`;
}

/** The ids a "Steps for <id>" section may name that fit this conversation, most specific first. */
function platformIds(ctx: TurnContext): string[] {
  const { state, kb } = ctx;
  const vendor = knownValue(state, 'vendor');
  const upstream = knownValue(state, 'upstream');
  const hosting = hostingOf(kb, state);
  // Without a server shell, the hosting's own steps come before those of the products on it;
  // in containers, those written for a container come next.
  const inContainers = hosting && CONTAINER_HOSTING.has(hosting) ? ['container'] : [];
  const ids = hosting && SHELL_LESS_HOSTING.has(hosting) ? [hosting, ...inContainers, vendor, upstream] : [vendor, upstream, hosting];
  return ids.filter((id): id is string => Boolean(id));
}

function knownStack(ctx: TurnContext): KnownStack {
  const vendor = knownValue(ctx.state, 'vendor');
  const upstream = knownValue(ctx.state, 'upstream');
  const shellLess = !shellFits(ctx, platformIds(ctx));
  return { ...(vendor ? { vendor } : {}), ...(upstream ? { upstream } : {}), ...(shellLess ? { shellLess } : {}) };
}

/** The items of a list that fit the stack the conversation knows. */
function itemsFor(kb: KnowledgeBase, stack: KnownStack, markdown: string): string[] {
  return listItems(markdown).filter((item) => fitsStack(kb, stack, item));
}

/** Whether the generic (Linux server) steps can run where this app runs. */
function shellFits(ctx: TurnContext, ids: readonly string[]): boolean {
  return !ids.some((id) => SHELL_LESS_HOSTING.has(id) || SHELL_LESS_HOSTING.has(ctx.kb.vendors.get(id)?.hosting ?? '') || SHELL_LESS_HOSTING.has(ctx.kb.upstreams.get(id as Upstream)?.hosting ?? ''));
}

/** What updoc has already said in the conversation. */
function saidBefore(ctx: TurnContext): string {
  return ctx.state.transcript
    .filter((entry) => entry.from === 'bot')
    .map((entry) => entry.text)
    .join('\n');
}

/** The steps for this stack: the most specific section of the article, else of the closest article that has one. */
function ownerSteps(ctx: TurnContext, stack: KnownStack): { heading: string; steps: string[] } {
  const ids = platformIds(ctx);
  const sections = (article: Article | undefined) =>
    ids.flatMap((id) => {
      const section = article?.sections.get(`Steps for ${id}`);
      const items = section ? itemsFor(ctx.kb, stack, section) : [];
      return items.length ? [{ id, items }] : [];
    });
  const shell = !stack.shellLess;
  const own = sections(ctx.article);
  const candidates = own.length || shell ? own : (ctx.ranked.map((r) => sections(r.article)).find((found) => found.length) ?? []);
  // A follow-up that taught updoc more ("in my express app") leads with the steps it has not shown yet.
  const shown = saidBefore(ctx);
  const found = candidates.find((c) => !c.items.every((item) => shown.includes(item))) ?? candidates[0];
  const generic = shell ? itemsFor(ctx.kb, stack, ctx.article?.sections.get('Steps') ?? '') : [];
  const steps = [...new Set([...(found?.items ?? []), ...generic])].slice(0, MAX_STEPS);
  const heading = found ? say(ctx.kb, 'heading_steps_for', { name: stackName(ctx.kb, found.id) }) : say(ctx.kb, 'heading_steps');
  return { heading, steps };
}

/** What to check first when the person named the change after which it began, for the stack known. */
function changeLead(ctx: TurnContext): string {
  const change = knownValue(ctx.state, 'change');
  const leads = change ? ctx.kb.dialog.changeLeads.get(change) : undefined;
  if (!leads) return '';
  const id = platformIds(ctx).find((known) => leads.has(known)) ?? 'default';
  return leads.get(id) ?? '';
}

function ownerAnswer(ctx: TurnContext): ComposedAnswer {
  const { kb } = ctx;
  const quotes = evidenceQuotes(ctx);
  const meaning = ctx.section('What it means');
  const compare = ctx.intent === 'compare' ? ctx.section('How it compares') : undefined;
  // The stack is read once for every list of the answer.
  const stack = knownStack(ctx);
  const why = itemsFor(kb, stack, ctx.section('Why it happens') ?? '').slice(0, 4);
  const { heading, steps } = ownerSteps(ctx, stack);
  // An owner reads what failed, what their own material shows, then what to do: the steps come
  // before background, so that they are never what waits behind "More".
  return fit(
    [
      ownerHeadline(ctx),
      // The change the person names usually settles the case: it leads, ahead of the general steps.
      changeLead(ctx),
      quotes[0] ?? '',
      compare ? firstSentences(compare, 3) : '',
      steps.length ? `${heading}\n${numbered(steps)}` : '',
      quotes.length === 0 && meaning ? firstSentences(meaning, 2) : '',
      ...quotes.slice(1),
      why.length ? `${say(kb, 'heading_other_reasons')}\n${bulleted(why)}` : '',
    ].filter(Boolean),
  );
}

/** A section in brief: its opening sentences, then its list if it has one. */
function digest(markdown: string | undefined, sentences: number, items: number): string {
  if (!markdown) return '';
  const list = listItems(markdown).slice(0, items);
  return [firstSentences(markdown, sentences), list.length ? bulleted(list) : ''].filter(Boolean).join('\n');
}

function generalAnswer(ctx: TurnContext): ComposedAnswer {
  const meaning = ctx.section('What it means');
  // "How long?" is answered first; the summary would only say it again.
  const howLong = ctx.intent === 'duration' ? firstSentences(ctx.section('How long it lasts') ?? '', 3) : '';
  return fit(
    [
      howLong,
      meaning ? digest(meaning, 3, 5) : howLong ? '' : (ctx.article?.meta.summary ?? ''),
      digest(ctx.section('How it compares'), 3, 5),
      headed(say(ctx.kb, 'heading_try'), listOrProse(ctx.section('What you can try'), MAX_TRIES)),
      ...evidenceQuotes(ctx),
    ].filter(Boolean),
  );
}

export type AnsweredAs = 'visitor' | 'owner' | 'general';

/** Composes the explanation for this person: visitor, owner, or (role unknown) both. */
export function composeAnswer(ctx: TurnContext): ComposedAnswer & { as: AnsweredAs } {
  const role = knownValue(ctx.state, 'role');
  const audience = ctx.article?.meta.audience;
  if (role === 'visitor' || (!role && audience === 'visitor')) return { ...visitorAnswer(ctx), as: 'visitor' };
  // An owner's article answers someone unknown only when they asked for the fix: "the login page
  // says 502 openresty" may come from anyone, and is explained before anyone is given server steps.
  if (role === 'owner' || (!role && audience === 'owner' && ctx.intent === 'owner_fix')) return { ...ownerAnswer(ctx), as: 'owner' };
  return { ...generalAnswer(ctx), as: 'general' };
}
