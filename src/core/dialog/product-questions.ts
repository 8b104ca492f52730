import type { ContainerHosting } from '../knowledge/schema.js';
import type { KnowledgeBase } from '../knowledge/types.js';
import { CONTAINER_HOSTING, needsServerShell, onShellLessHosting, productsNamed } from '../reply/stack-fit.js';
import type { Upstream } from '../taxonomy.js';
import { say } from './responses.js';
import type { SessionState } from './state.js';
import { hostingOf, knownValue } from './turn-context.js';

/** What a short question may ask about the product the conversation knows; `stopped` reports it is not running. */
export type StackTopic = 'logs' | 'restart' | 'config' | 'stopped';

/** "where", and its usual slips ("wher", "whre", "were are the logs"). */
const ASKS_WHERE = /\b(?:where|wher|whre|wehre|which (?:file|log)|can'?t find|cannot find|don'?t know where|dunno where|idk where|no idea where)\b|^\W*were (?:is|are|do|does|can)\b/i;
const NAMES_LOG = /\b(?:logs?|lgos?|logz)\b/i;
const NAMES_SETTING = /\b(?:set|change|configure|put|add|raise|increase)\b/i;
const ASKS_TO_SEE = /\bhow (?:do|can|should) (?:i|we|you) (?:see|check|view|read|find|get|open|look at|access)\b|\bhow to (?:see|check|view|read|find|get|open|access)\b|\bwhat about (?:the |its |my )?(?:error )?logs?\b/i;
/** "config", "settings", and a file by its name ("the Caddyfile", "Procfile"). */
const NAMES_CONFIG = /\b(?:config(?:uration)?|conf|\w*file|settings?)\b/i;
const NAMES_RESTART = /\b(?:re-?start|restrat|rstart|reload|reboot|redeploy|recycle|bounce)\b/i;
const RESTART_QUESTION_CHARS = 160;
/** "where do I change it?" and nothing more: about the setting just discussed, kept in the product's configuration. */
const WHERE_TO_CHANGE_IT = /^\W*(?:(?:so|and|ok|okay|but)\W+)?where (?:do|can|should|would|will) (?:i|we|you) (?:change|set|edit|put|configure|fix) (?:it|that|this|them)\W*$/i;
/** "restart the app", "my backend's logs": the app server behind the gateway, not the gateway. */
const NAMES_APP = /\b(?:the|my|our) (?:app|application|backend|api)\b/i;
const ASKS_HOW = /\?|\bhow\b|\bwhat(?:'s| is) the command\b/i;
/** What `systemctl status` or a look at the app shows when it is not running. */
const REPORTS_STOPPED = /\binactive \(dead\)|\bactive:\s{0,3}failed\b|\b(?:it|service|app|fpm|process)(?:'s| is| was)? (?:not running|stopped|dead)\b|\b(?:says|shows) (?:it(?:'s| is) )?(?:stopped|dead|inactive|not running)\b/i;

/**
 * Which product question a short message asks: where the log is (also "where?" right after updoc
 * asked for a log line), how to restart, where the configuration is, or what to do now that the
 * app shows as stopped; none for anything else.
 */
export function stackTopicOf(text: string, context: { askedForLog: boolean; answered: boolean }): StackTopic | undefined {
  const asksWhere = ASKS_WHERE.test(text);
  const namesLog = NAMES_LOG.test(text);
  if (context.answered && ((asksWhere && NAMES_CONFIG.test(text) && !namesLog) || WHERE_TO_CHANGE_IT.test(text))) return 'config';
  // "where do I set that?" asks about a setting, even right after updoc asked for a log line.
  if (asksWhere && !NAMES_SETTING.test(text) && (context.askedForLog || (context.answered && namesLog))) return 'logs';
  if (context.answered && namesLog && ASKS_TO_SEE.test(text)) return 'logs';
  if (context.answered && text.length <= RESTART_QUESTION_CHARS && NAMES_RESTART.test(text) && ASKS_HOW.test(text)) return 'restart';
  if (context.answered && text.length <= RESTART_QUESTION_CHARS && REPORTS_STOPPED.test(text)) return 'stopped';
  return undefined;
}

const TOPIC_RESPONSES = {
  logs: { known: 'logs_where', field: 'logs', placeholder: 'logs', unknown: 'logs_unknown', noShell: 'logs_no_shell' },
  restart: { known: 'restart_how', field: 'restart', placeholder: 'how', unknown: 'restart_unknown', noShell: 'restart_no_shell' },
  config: { known: 'config_where', field: 'config', placeholder: 'where', unknown: 'config_unknown', noShell: 'config_no_shell' },
  stopped: { known: 'stopped_start', field: 'restart', placeholder: 'how', unknown: 'stopped_unknown', noShell: 'stopped_unknown' },
} as const;

/** Whether the conversation's app runs in containers (Docker, Kubernetes), as far as its hosting is known. */
function containerHosting(kb: KnowledgeBase, state: SessionState): ContainerHosting | undefined {
  const hosting = hostingOf(kb, state);
  return hosting !== undefined && CONTAINER_HOSTING.has(hosting) ? (hosting as ContainerHosting) : undefined;
}

/**
 * Where the log is, how to restart, where the configuration is: for each product the question
 * names and each of the stack known so far, leaving out what needs a server shell where the app has none (no `systemctl` on Heroku).
 */
export function stackAnswer(kb: KnowledgeBase, state: SessionState, topic: StackTopic, question: string): string {
  const vendor = knownValue(state, 'vendor');
  const upstream = knownValue(state, 'upstream') as Upstream | undefined;
  // A product the question names ("how do i check apache logs") comes first, known or not.
  const named = productsNamed(kb, question).map((id) => kb.vendors.get(id) ?? kb.upstreams.get(id as Upstream));
  const shellLess = onShellLessHosting(kb, state);
  const { known, field, placeholder, unknown, noShell } = TOPIC_RESPONSES[topic];
  // What stopped is the app behind the gateway (the gateway itself is what answers 502), and so is
  // "the app" a question names, once the conversation knows what runs it.
  const appOnly = topic === 'stopped' || (upstream !== undefined && NAMES_APP.test(question));
  const layers = appOnly ? [upstream ? kb.upstreams.get(upstream) : undefined] : [vendor ? kb.vendors.get(vendor) : undefined, upstream ? kb.upstreams.get(upstream) : undefined];
  const entries = new Set([...named, ...layers]);
  const containers = containerHosting(kb, state);
  // In a container, a product is read and restarted where it runs; one without its own way there, like any container.
  const fallback = containers && kb.upstreams.get('container')?.inContainers?.[containers]?.[field];
  const answers = [...entries].flatMap((entry) => {
    const own = entry?.[field];
    const inside = containers && entry?.inContainers?.[containers]?.[field];
    const text = inside ?? (own && containers && needsServerShell(own) ? fallback : own);
    return entry && text && !(shellLess && needsServerShell(text)) ? [say(kb, known, { name: entry.name, [placeholder]: text.replace(/\.$/, '') }, state)] : [];
  });
  // Where the app has no server shell (shared hosting, a platform), the general answer's shell commands do not fit either.
  return answers.length ? answers.join('\n') : say(kb, shellLess ? noShell : unknown, {}, state);
}
