import type { Analysis, Diagnoser } from '../diagnose.js';
import type { Fact } from '../knowledge/schema.js';
import type { KnowledgeBase } from '../knowledge/types.js';
import type { Upstream } from '../taxonomy.js';
import { stemTokens } from '../text/tokens.js';
import type { Learned } from './facts.js';
import { say } from './responses.js';
import type { SessionState } from './state.js';
import { hostingOf, knownValue } from './turn-context.js';
import { fitsStack, needsServerShell, SHELL_LESS_HOSTING } from '../reply/stack-fit.js';

/**
 * A follow-up is short: a question ("where do I set that?", "will I be charged twice?") or a
 * detail that points at one step ("I hardcoded port 5000", "the app listens on 3000").
 */
const FOLLOW_UP_CHARS = 240;
const QUESTION = /\?\s*$|^\s*(?:where|how|what|which|when|why|who|can|could|should|would|will|do|does|did|is|are|am|any)\b/i;
/** New facts about the stack make it a new question, answered in full. */
const STACK: readonly Fact[] = ['vendor', 'upstream', 'cause', 'url'];

function nameOf(kb: KnowledgeBase, id: string): string {
  const hosting = kb.dialog.facts.get('hosting')?.options.find((option) => option.value === id)?.label;
  return kb.vendors.get(id)?.name ?? kb.upstreams.get(id as Upstream)?.name ?? hosting ?? id;
}

/**
 * The answer to a question about the answer just given, from the step or paragraph of the
 * knowledge that fits it best for the stack already known; none when nothing fits well.
 */
export function followUpAnswer(diagnoser: Diagnoser, state: SessionState, analysis: Analysis, learned: Learned): string | undefined {
  if (learned.changed.some((fact) => STACK.includes(fact))) return undefined;
  if (analysis.evidence.hits.some((hit) => hit.signature.kind !== 'mention')) return undefined;
  const prose = analysis.structure.prose.trim();
  if (prose.length > FOLLOW_UP_CHARS) return undefined;
  // A statement that tells updoc a fact ("I'm visiting") is an answer, not a pointer to a step.
  if (!QUESTION.test(prose) && learned.changed.length > 0) return undefined;
  const facts = {
    vendor: knownValue(state, 'vendor'),
    upstream: knownValue(state, 'upstream'),
    cause: knownValue(state, 'cause'),
    hosting: knownValue(state, 'hosting'),
  };
  const hosting = hostingOf(diagnoser.kb, state);
  const stack = {
    ...(facts.vendor ? { vendor: facts.vendor } : {}),
    ...(facts.upstream ? { upstream: facts.upstream } : {}),
    ...(hosting && SHELL_LESS_HOSTING.has(hosting) ? { shellLess: true } : {}),
  };
  const passage = diagnoser.passages.best(stemTokens(prose), facts, (text) => fitsStack(diagnoser.kb, stack, text));
  if (!passage) return undefined;
  const { kb } = diagnoser;
  return passage.forId
    ? say(kb, 'follow_up_for', { name: nameOf(kb, passage.forId), answer: passage.text })
    : say(kb, 'follow_up', { answer: passage.text });
}

/** What a short question may ask about the product the conversation knows. */
export type StackTopic = 'logs' | 'restart' | 'config';

const ASKS_WHERE = /\b(?:where|which (?:file|log)|can'?t find|cannot find|don'?t know where|dunno where|idk where|no idea where)\b/i;
const NAMES_LOG = /\blogs?\b/i;
const NAMES_CONFIG = /\b(?:config(?:uration)?|conf|file|settings?)\b/i;
const NAMES_RESTART = /\b(?:re-?start|reload|reboot|redeploy|recycle|bounce)\b/i;
const RESTART_QUESTION_CHARS = 160;
const ASKS_HOW = /\?|\bhow\b|\bwhat(?:'s| is) the command\b/i;

/**
 * Which product question a short message asks: where the log is (also "where?" right after updoc
 * asked for a log line), how to restart, where the configuration is; none for anything else.
 */
export function stackTopicOf(text: string, context: { askedForLog: boolean; answered: boolean }): StackTopic | undefined {
  const asksWhere = ASKS_WHERE.test(text);
  const namesLog = NAMES_LOG.test(text);
  if (context.answered && asksWhere && NAMES_CONFIG.test(text) && !namesLog) return 'config';
  if (asksWhere && (context.askedForLog || (context.answered && namesLog))) return 'logs';
  if (context.answered && text.length <= RESTART_QUESTION_CHARS && NAMES_RESTART.test(text) && ASKS_HOW.test(text)) return 'restart';
  return undefined;
}

const TOPIC_RESPONSES = {
  logs: { known: 'logs_where', field: 'logs', placeholder: 'logs', unknown: 'logs_unknown' },
  restart: { known: 'restart_how', field: 'restart', placeholder: 'how', unknown: 'restart_unknown' },
  config: { known: 'config_where', field: 'config', placeholder: 'where', unknown: 'config_unknown' },
} as const;

/**
 * Where the log is, how to restart, where the configuration is: for each product of the stack
 * known so far, leaving out what needs a server shell where the app has none (no `systemctl` on Heroku).
 */
export function stackAnswer(kb: KnowledgeBase, state: SessionState, topic: StackTopic): string {
  const vendor = knownValue(state, 'vendor');
  const upstream = knownValue(state, 'upstream') as Upstream | undefined;
  const hosting = hostingOf(kb, state);
  const shellLess = hosting !== undefined && SHELL_LESS_HOSTING.has(hosting);
  const { known, field, placeholder, unknown } = TOPIC_RESPONSES[topic];
  const answers = [vendor ? kb.vendors.get(vendor) : undefined, upstream ? kb.upstreams.get(upstream) : undefined].flatMap((entry) => {
    const text = entry?.[field];
    return entry && text && !(shellLess && needsServerShell(text)) ? [say(kb, known, { name: entry.name, [placeholder]: text.replace(/\.$/, '') }, state)] : [];
  });
  return answers.length ? answers.join('\n') : say(kb, unknown, {}, state);
}
