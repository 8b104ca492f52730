import { QUESTIONS_SECTION } from '../knowledge/schema.js';
import type { Article, KnowledgeBase } from '../knowledge/types.js';
import { listItems } from '../reply/markdown.js';
import { stemTokens } from '../text/tokens.js';

/**
 * One answerable piece of the knowledge: a step, a paragraph of an article, or where a product
 * keeps its log. A follow-up question ("where do I set the gunicorn timeout?") is answered by the
 * passage that matches it best for the stack the conversation already knows.
 */
export interface Passage {
  text: string;
  /** The product or platform the passage is written for ("Steps for gunicorn", a catalog entry). */
  forId?: string;
  vendors: readonly string[];
  upstreams: readonly string[];
  causes: readonly string[];
  /** Who the passage is written for: an owner's steps are no answer to a visitor, nor "**Visitors:** reload" to an owner. */
  audience: 'visitor' | 'owner' | 'both';
  terms: ReadonlySet<string>;
}

/** Which passages may answer: only those sharing this many words with the question. */
export interface PassageLimits {
  minWords?: number;
}

export interface StackFacts {
  role?: string;
  vendor?: string;
  upstream?: string;
  cause?: string;
  hosting?: string;
}

/** Words that ask rather than say what about: they match every passage. */
const QUESTION_WORDS = new Set(
  ['where', 'what', 'how', 'which', 'when', 'why', 'who', 'can', 'could', 'should', 'would', 'will', 'do', 'doe', 'did', 'is', 'ar', 'wa', 'i', 'my', 'me', 'we', 'our', 'it', 'that', 'thi', 'the', 'a', 'an', 'to', 'of', 'in', 'on', 'for', 'and', 'or', 'there', 'set', 'find', 'get', 'you', 'your', 'be', 'have', 'ha', 'need', 'use', 'then', 'so', 'now', 'with', 'at']
    .flatMap((word) => stemTokens(word)),
);
/** Words every conversation here holds ("yes it's my site", "the page shows an error"): they point at no step. */
const CONVERSATION_WORDS = new Set(
  ['yes', 'yeah', 'yep', 'no', 'nope', 'ok', 'okay', 'site', 'website', 'page', 'web', 'error', 'bad', 'gateway', '502', 'still', 'again', 'yet', 'anymore'].flatMap((word) => stemTokens(word)),
);
/** A question's stems, each once, without those that ask or that every conversation here holds. */
function topicStems(stems: readonly string[]): string[] {
  return [...new Set(stems)].filter((stem) => !QUESTION_WORDS.has(stem) && !CONVERSATION_WORDS.has(stem));
}
const BM25_K1 = 1.2;
/** A passage must share this much weight of distinctive words with the question to answer it. */
export const PASSAGE_THRESHOLD = 2.5;

function paragraphs(markdown: string): string[] {
  return markdown
    .split(/\n\s*\n/)
    .map((block) => block.split('\n').filter((line) => !/^\s*(?:[-*]|\d+[.)])\s/.test(line) && !line.trimStart().startsWith('```')).join(' ').trim())
    .filter((text) => text.length > 20);
}

const VISITOR_SECTIONS = new Set(['What you can try', 'Whose fault']);
const QUESTION_ITEM = /^\*\*([^*]+)\*\*\s*(.+)$/s;
/** Words that say nothing of what a question is about ("did they take my money?" is about money; "how do I fix it" asks for the steps). */
const FILLER_WORDS = new Set(['they', 'them', 'their', 'this', 'these', 'just', 'really', 'please', 'ok', 'okay', 'but', 'all', 'any', 'anything', 'be', 'am', 'if', 'still', 'again', 'about', 'fix', 'solve', 'resolve', 'help'].flatMap((word) => stemTokens(word)));
/** A question is answered by the item whose own question holds more than this share of its words. */
const QUESTION_COVERAGE = 0.5;

/** Who a passage of a section speaks to: steps to owners, what to try to visitors, a "**Visitors:**" paragraph to them. */
function audienceOf(article: Article, section: string, text: string): Passage['audience'] {
  if (section === 'Steps' || section.startsWith('Steps for ')) return 'owner';
  const toVisitors = /\*\*Visitors?:\*\*/.test(text);
  const toOwners = /\*\*Owners?:\*\*/.test(text);
  if (toVisitors !== toOwners) return toVisitors ? 'visitor' : 'owner';
  if (VISITOR_SECTIONS.has(section)) return 'visitor';
  return article.meta.audience;
}

function articlePassages(article: Article): Passage[] {
  const { vendors, upstreams, causes } = article.meta;
  const out: Passage[] = [];
  for (const [name, markdown] of article.sections) {
    if (name === QUESTIONS_SECTION) continue;
    const forId = /^Steps for (\S+)$/.exec(name)?.[1];
    for (const text of [...listItems(markdown), ...paragraphs(markdown)]) {
      const audience = audienceOf(article, name, text);
      out.push({ text, ...(forId ? { forId } : {}), vendors, upstreams, causes, audience, terms: new Set(stemTokens(`${name} ${text}`.toLowerCase())) });
    }
  }
  return out;
}

/** An article's answers to the questions people ask, each found by the words of its question only. */
function questionPassages(article: Article): Passage[] {
  const { vendors, upstreams, causes, audience } = article.meta;
  return listItems(article.sections.get(QUESTIONS_SECTION) ?? '').flatMap((item) => {
    const [, question, answer] = QUESTION_ITEM.exec(item) ?? [];
    return question && answer ? [{ text: answer.trim(), vendors, upstreams, causes, audience, terms: new Set(stemTokens(question.toLowerCase())) }] : [];
  });
}

/** Where each product keeps its log, from knowledge/catalog.yaml. */
function logPassages(kb: KnowledgeBase): Passage[] {
  const entries = [...kb.catalog.vendors.map((v) => ({ ...v, kind: 'vendor' })), ...kb.catalog.upstreams.map((u) => ({ ...u, kind: 'upstream' }))];
  return entries.map((entry) => ({
    text: `${entry.name}: ${entry.logs}`,
    forId: entry.id,
    vendors: entry.kind === 'vendor' ? [entry.id] : [],
    upstreams: entry.kind === 'upstream' ? [entry.id] : [],
    causes: [],
    audience: 'owner' as const,
    terms: new Set(stemTokens(`where is the log logs error log find ${entry.name} ${entry.logs}`.toLowerCase())),
  }));
}

function fit(values: readonly string[], known: string | undefined): number {
  if (values.length === 0 || known === undefined) return 0;
  return values.includes(known) ? 1 : -1;
}

export class PassageIndex {
  private readonly passages: Passage[];
  private readonly questions: Passage[];
  private readonly idf = new Map<string, number>();
  /** The stems that name each vendor (its name and mentions), by vendor id. */
  private readonly vendorNames = new Map<string, Set<string>>();

  constructor(kb: KnowledgeBase) {
    this.passages = [...kb.articles.flatMap(articlePassages), ...logPassages(kb)];
    this.questions = kb.articles.flatMap(questionPassages);
    for (const vendor of kb.catalog.vendors) {
      this.vendorNames.set(vendor.id, new Set(stemTokens([vendor.name, ...vendor.mentions].join(' ').toLowerCase())));
    }
    const df = new Map<string, number>();
    for (const passage of this.passages) for (const term of passage.terms) df.set(term, (df.get(term) ?? 0) + 1);
    const n = this.passages.length;
    for (const [term, count] of df) this.idf.set(term, Math.log(1 + (n - count + 0.5) / (count + 0.5)));
  }

  /**
   * The passage that best answers these words for this stack, if one matches well enough. Steps
   * written for another platform than a known one, and those `fits` refuses, never answer; with
   * `minWords`, only passages sharing that many distinctive words with the question do.
   */
  best(stems: readonly string[], facts: StackFacts, fits: (text: string) => boolean = () => true, { minWords = 1 }: PassageLimits = {}): Passage | undefined {
    const query = topicStems(stems).filter((stem) => this.idf.has(stem));
    if (query.length === 0) return undefined;
    const known = [facts.vendor, facts.upstream, facts.hosting].filter(Boolean);
    let best: { passage: Passage; score: number } | undefined;
    const asked = new Set(stems);
    for (const passage of this.passages) {
      let words = 0;
      let shared = 0;
      for (const stem of query) {
        if (!passage.terms.has(stem)) continue;
        words += ((this.idf.get(stem) as number) * (BM25_K1 + 1)) / (1 + BM25_K1);
        shared += 1;
      }
      if (shared < minWords) continue;
      if (passage.forId !== undefined && known.length > 0 && !known.includes(passage.forId)) continue;
      // A passage about another app server than the known one ("the app container is restarting" for PHP-FPM) is no answer.
      if (facts.upstream && passage.upstreams.length > 0 && !passage.upstreams.includes(facts.upstream)) continue;
      // A passage for the other kind of person answers only a question that plainly asks about it
      // (two of its words): an owner's "should I clear the cookies?", not their "restarted, still 502".
      const forOthers = (facts.role === 'owner' || facts.role === 'visitor') && passage.audience !== 'both' && passage.audience !== facts.role;
      if (forOthers && shared < 2) continue;
      if (!this.speaksOf(passage, facts.vendor, asked) || !fits(passage.text)) continue;
      const platform = passage.forId === undefined ? 0 : known.includes(passage.forId) ? 1.5 : -2;
      const labels = fit(passage.vendors, facts.vendor) + fit(passage.upstreams, facts.upstream) + fit(passage.causes, facts.cause);
      const score = words + platform + 0.5 * labels;
      if (!best || score > best.score) best = { passage, score };
    }
    return best && best.score >= PASSAGE_THRESHOLD ? best.passage : undefined;
  }

  /**
   * The answer to a question people ask ("did they take my money?", "is my data safe?") for this
   * person (a visitor's "how long" is not an owner's): the item whose own question shares most of
   * the asked question's words, more than half of them. Questions about anything else (a setting,
   * a step) are left to `best`.
   */
  answerTo(stems: readonly string[], role: string | undefined): Passage | undefined {
    const query = topicStems(stems).filter((stem) => !FILLER_WORDS.has(stem));
    if (query.length === 0) return undefined;
    let best: { passage: Passage; shared: number } | undefined;
    for (const passage of this.questions) {
      // Until the role is known, only an answer for both kinds of person fits.
      if (passage.audience !== 'both' && passage.audience !== role) continue;
      const shared = query.filter((stem) => passage.terms.has(stem)).length;
      if (shared / query.length <= QUESTION_COVERAGE || (best && best.shared >= shared)) continue;
      best = { passage, shared };
    }
    return best?.passage;
  }

  /**
   * A passage written for some vendors answers only a conversation about one of them: the vendor
   * known, or, while none is, one the question names. Cloudflare's 524 is no answer to "is it my ISP?".
   */
  private speaksOf(passage: Passage, vendor: string | undefined, asked: ReadonlySet<string>): boolean {
    if (passage.vendors.length === 0) return true;
    if (vendor) return passage.vendors.includes(vendor);
    return passage.vendors.some((id) => [...(this.vendorNames.get(id) ?? [])].some((stem) => asked.has(stem)));
  }
}
