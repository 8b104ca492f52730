import type { Analysis, Diagnoser } from '../diagnose.js';
import type { Fact } from '../knowledge/schema.js';
import type { KnowledgeBase } from '../knowledge/types.js';
import { firstSentences } from '../reply/markdown.js';
import { stemTokens } from '../text/tokens.js';
import type { Learned } from './facts.js';
import { say } from './responses.js';
import type { SessionState } from './state.js';
import { knownValue, stackName } from './turn-context.js';
import { fitsStack, onShellLessHosting } from '../reply/stack-fit.js';
import { reportsDone } from '../reply/tried-already.js';

/**
 * A follow-up is short: a question ("where do I set that?", "will I be charged twice?") or a
 * detail that points at one step ("I hardcoded port 5000", "the app listens on 3000").
 */
const FOLLOW_UP_CHARS = 240;
const QUESTION = /\?\s*$|^\s*(?:where|how|what|which|when|why|who|can|could|should|would|will|do|does|did|is|are|am|any)\b/i;
/** At most this many words say no more than the fact they name. */
const TERSE_WORDS = 3;
/** New facts about the stack make it a new question, answered in full. */
const STACK: readonly Fact[] = ['vendor', 'upstream', 'cause', 'url'];

/** A pasted page, header or log line makes a message new material, not a question about the answer. */
function showsPasted(analysis: Analysis): boolean {
  return analysis.evidence.hits.some((hit) => hit.signature.kind !== 'mention');
}

/**
 * The answer to a question about the answer just given, from the step or paragraph of the
 * knowledge that fits it best for the stack already known; none when nothing fits well. A
 * question that reads as off-topic (`offTopic`) needs a passage sharing two of its words.
 */
export function followUpAnswer(diagnoser: Diagnoser, state: SessionState, analysis: Analysis, learned: Learned, offTopic = false): string | undefined {
  if (showsPasted(analysis)) return undefined;
  const prose = analysis.structure.prose.trim();
  if (prose.length > FOLLOW_UP_CHARS) return undefined;
  if (learned.changed.some((fact) => STACK.includes(fact)) && !asksAboutLastReply(state, analysis, learned)) return undefined;
  // A statement that tells updoc a fact ("I'm visiting"), or in a few words says again one it
  // knows ("windows server 2019" after IIS), is an answer, not a pointer to a step.
  const asks = QUESTION.test(prose);
  if (!asks && (learned.changed.length > 0 || (learned.facts.length > 0 && analysis.stems.length <= TERSE_WORDS))) return undefined;
  // "I tried another browser" points at the step it did: the answer is the steps still untried.
  if (!asks && reportsDone(prose)) return undefined;
  const facts = {
    role: knownValue(state, 'role'),
    vendor: knownValue(state, 'vendor'),
    upstream: knownValue(state, 'upstream'),
    cause: knownValue(state, 'cause'),
    hosting: knownValue(state, 'hosting'),
  };
  const stack = {
    ...(facts.vendor ? { vendor: facts.vendor } : {}),
    ...(facts.upstream ? { upstream: facts.upstream } : {}),
    ...(onShellLessHosting(diagnoser.kb, state) ? { shellLess: true } : {}),
  };
  // A remark points at a step only with two of its words ("I'm the admin" is not about admin pages).
  const limits = { minWords: asks && !offTopic ? 1 : 2 };
  const passage = diagnoser.passages.best(stemTokens(prose), facts, (text) => fitsStack(diagnoser.kb, stack, text), limits);
  if (!passage) return undefined;
  const { kb } = diagnoser;
  return passage.forId
    ? say(kb, 'follow_up_for', { name: stackName(kb, passage.forId), answer: passage.text })
    : say(kb, 'follow_up', { answer: passage.text });
}

/**
 * The answer to one of the questions people ask once they have an answer ("did they take my
 * money?", "is my data safe?", "who do I tell?"), written for who is asking; none for a message
 * that shows material or news about the stack, or asks about something else.
 */
export function questionAnswer(diagnoser: Diagnoser, state: SessionState, analysis: Analysis, learned: Learned): string | undefined {
  const prose = analysis.structure.prose.trim();
  if (!state.lastArticle || prose.length > FOLLOW_UP_CHARS || !QUESTION.test(prose)) return undefined;
  if (showsPasted(analysis) || learned.changed.some((fact) => STACK.includes(fact))) return undefined;
  const passage = diagnoser.passages.answerTo(stemTokens(prose), knownValue(state, 'role'));
  return passage && say(diagnoser.kb, 'follow_up', { answer: passage.text });
}

/**
 * A question whose every product or setting comes from the reply just given ("what should
 * keepAliveTimeout be?" after steps naming it) asks about that reply: the facts it seems to state
 * are the reply's own words, not news about the stack. An address is always news.
 */
export function asksAboutLastReply(state: SessionState, analysis: Analysis, learned: Learned): boolean {
  const last = state.lastReply?.toLowerCase();
  const { hits } = analysis.evidence;
  if (!last || hits.length === 0 || learned.changed.includes('url') || !QUESTION.test(analysis.structure.prose.trim())) return false;
  return hits.every((hit) => hit.signature.kind === 'mention' && last.includes(analysis.text.scan.slice(hit.start, hit.end).trim().toLowerCase()));
}

/** "could it be dns?", "maybe the nameservers": a short message that asks whether DNS is to blame. */
const ASKS_DNS = /\b(?:dns|name ?servers?)\b/i;
const DNS_QUESTION_CHARS = 80;

/**
 * Whether DNS is to blame, once the person has shown the gateway's own error (its page, or 502s
 * in their access log): it is not, as their requests reach the site's front server. An owner also
 * hears of the one lookup that can still fail, the proxy's own lookup of the app.
 */
export function dnsAnswer(kb: KnowledgeBase, state: SessionState, text: string): string | undefined {
  if (!state.seesGatewayError || !state.lastArticle || text.length > DNS_QUESTION_CHARS || !ASKS_DNS.test(text)) return undefined;
  if (knownValue(state, 'role') !== 'owner') return say(kb, 'dns_reached', {}, state);
  // Behind a CDN or a platform, the owner's DNS records also steer that layer to the origin.
  const vendor = knownValue(state, 'vendor');
  const layer = vendor ? kb.vendors.get(vendor)?.layer : undefined;
  return layer === 'edge' || layer === 'platform' ? undefined : say(kb, 'dns_reached_owner', {}, state);
}

/** "what does that mean?", "meaning?": the person asks for the answer in plain words. */
const ASKS_MEANING = /^\W*(?:(?:ok|so|and|sorry|hm+|um+)\W+)*(?:what does (?:that|this|it|all that) (?:mean|say)|what(?:'s| is) that(?: supposed to)? mean|meaning|in plain (?:english|words)|explain (?:that|this|it)(?: (?:to me|again|simply))?)\W*(?:please|pls)?\W*$/i;
const MEANING_SENTENCES = 3;

export function asksWhatItMeans(text: string): boolean {
  return ASKS_MEANING.test(text);
}

/** What the answer just given means, in the words of its article's "What it means". */
export function meaningAnswer(kb: KnowledgeBase, state: SessionState): string | undefined {
  const article = state.lastArticle ? kb.articlesById.get(state.lastArticle) : undefined;
  const meaning = article?.sections.get('What it means');
  return meaning ? firstSentences(meaning, MEANING_SENTENCES) : undefined;
}
