import type { FeedbackRecord, TurnRecord } from '../core/ports.js';
import type { ActivityRecords } from '../store/store.js';
import { askedSomething, isResolved } from './resolution.js';
import { groupSimilarQuestions, type QuestionGroup } from './similar-questions.js';
import { hostSpikes, SPIKE_RULE, type SpikeRule } from './spikes.js';

export interface ReportOptions {
  from: number;
  to: number;
  /** Rows per list. */
  top?: number;
  spikeRule?: SpikeRule;
}

export interface Count {
  id: string;
  conversations: number;
}

export interface Report {
  from: string;
  to: string;
  conversations: number;
  /** Conversations that asked updoc something (not only a greeting): the ones resolution is counted over. */
  asked: number;
  resolved: number;
  /** resolved / asked; null when no conversation asked anything. */
  resolutionRate: number | null;
  turns: number;
  feedback: { up: number; down: number };
  handoffs: number;
  unanswered: QuestionGroup[];
  thumbsDown: { article: string | null; count: number; example: string }[];
  vendors: Count[];
  causes: Count[];
  spikes: { host: string; hour: string; people: number; usual: number }[];
}

const EXAMPLE_CHARS = 200;

function bySession<T extends { sessionId: string }>(records: T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const record of records) {
    const group = groups.get(record.sessionId);
    if (group) group.push(record);
    else groups.set(record.sessionId, [record]);
  }
  return groups;
}

/** How many conversations reached each value of a diagnosis field, ignoring "unknown"; most first. */
function conversationsPer(turns: TurnRecord[], field: 'vendor' | 'cause'): Count[] {
  const sessions = new Map<string, Set<string>>();
  for (const turn of turns) {
    const id = turn[field];
    if (!id || id === 'unknown') continue;
    sessions.set(id, (sessions.get(id) ?? new Set()).add(turn.sessionId));
  }
  return [...sessions].map(([id, set]) => ({ id, conversations: set.size })).sort((a, b) => b.conversations - a.conversations || a.id.localeCompare(b.id));
}

/** The answers people marked unhelpful, per article: how often, and the latest such answer. */
function thumbsDown(feedback: FeedbackRecord[]): Report['thumbsDown'] {
  const perArticle = new Map<string | null, { count: number; example: string }>();
  for (const f of feedback) {
    if (f.value !== 'down') continue;
    const entry = perArticle.get(f.article) ?? { count: 0, example: '' };
    entry.count += 1;
    entry.example = f.reply.replace(/\s+/g, ' ').trim().slice(0, EXAMPLE_CHARS);
    perArticle.set(f.article, entry);
  }
  return [...perArticle].map(([article, entry]) => ({ article, ...entry })).sort((a, b) => b.count - a.count);
}

function isQuestion(turn: TurnRecord): boolean {
  return !turn.text.startsWith('[button] ') && turn.text !== '[screenshot]';
}

/** The report of `updoc report`, computed from the records of the period alone. */
export function buildReport(records: ActivityRecords, options: ReportOptions): Report {
  const top = options.top ?? 10;
  const inPeriod = <T extends { at: number }>(list: T[]) => list.filter((r) => r.at >= options.from && r.at <= options.to).sort((a, b) => a.at - b.at);
  const turns = inPeriod(records.turns);
  const feedback = inPeriod(records.feedback);
  const feedbackOf = bySession(feedback);
  const conversations = bySession(turns);
  const asked = [...conversations.values()].filter(askedSomething).length;
  const resolved = [...conversations].filter(([id, list]) => isResolved(list, feedbackOf.get(id) ?? [])).length;
  return {
    from: new Date(options.from).toISOString(),
    to: new Date(options.to).toISOString(),
    conversations: conversations.size,
    asked,
    resolved,
    resolutionRate: asked ? Math.round((resolved / asked) * 1000) / 1000 : null,
    turns: turns.length,
    feedback: { up: feedback.filter((f) => f.value === 'up').length, down: feedback.filter((f) => f.value === 'down').length },
    handoffs: inPeriod(records.handoffs).length,
    unanswered: groupSimilarQuestions(turns.filter((t) => t.unanswered && isQuestion(t)).map((t) => t.text)).slice(0, top),
    thumbsDown: thumbsDown(feedback).slice(0, top),
    vendors: conversationsPer(turns, 'vendor').slice(0, top),
    causes: conversationsPer(turns, 'cause').slice(0, top),
    spikes: hostSpikes(turns, options.from, options.to, options.spikeRule ?? SPIKE_RULE)
      .slice(0, top)
      .map((s) => ({ host: s.host, hour: new Date(s.hour).toISOString(), people: s.people, usual: s.usual })),
  };
}
