import type { Diagnoser } from './diagnose.js';
import { parseAction } from './dialog/actions.js';
import type { HandoffSetup } from './dialog/handoff.js';
import { illegibleReading } from './dialog/screenshot-legibility.js';
import { DialogPolicy, type Decision } from './dialog/policy.js';
import type { SessionStore } from './dialog/session-store.js';
import { newSession, TRANSCRIPT_LIMIT, type PersonContact, type SessionState } from './dialog/state.js';
import type { KnowledgeBase } from './knowledge/types.js';
import {
  RecordRefused,
  type ActivityLog,
  type OutOfTurnMessage,
  type PersonOutlet,
  type ProbeStep,
  type ProberPort,
  type ReadableError,
  type ScreenshotReaderPort,
  type ScreenshotText,
  type StaffDesk,
} from './ports.js';
import { probeProgressLine } from './reply/compose-probe.js';
import type { Reply } from './reply/model.js';
import { checklistText, probeChecklist } from './reply/probe-checklist.js';
import { say } from './dialog/responses.js';
import { CONVERSATIONAL_INTENTS } from './taxonomy.js';

/** One person's turn: what they typed (with a screenshot, perhaps), or the button they pressed. */
export interface TurnInput {
  text?: string;
  action?: string;
  image?: { bytes: Buffer; filename?: string };
  /** Who is asking, for the probe's per-person rate limit (a channel user id, a client address). */
  requester?: string;
  /** How the support team can reach the person (the widget's email), sent with a handoff. */
  contact?: PersonContact;
  /** The channel has just opened this conversation under a new id: there is nothing stored to load. */
  opened?: boolean;
}

/** Where a request for a person goes, and the two sides of a handoff staff answer in the conversation. */
export interface BotHandoff extends HandoffSetup {
  /** The staff's side: hears what the person writes while the handoff is open. */
  desk?: StaffDesk;
  /** The person's side: shows the staff's replies where the person is. */
  outlet?: PersonOutlet;
}

/**
 * What became of a staff member's message: shown to the person, kept for their return (no channel
 * of this process reaches them), not deliverable (the reason is for the staff), or refused because
 * the person went back to the bot or the conversation has expired.
 */
export type StaffMessageOutcome =
  | { status: 'delivered' | 'kept' | 'closed' | 'expired' }
  | { status: 'unreachable'; reason: string };

export interface BotOptions {
  diagnoser: Diagnoser;
  store: SessionStore;
  now?: () => number;
  /** Reads screenshots; without it, an image gets a clear "cannot read screenshots here" reply. */
  reader?: ScreenshotReaderPort;
  /** Checks a site live; without it, updoc explains without looking. */
  prober?: ProberPort;
  /** Records turns, feedback and handoffs for `updoc report` and the people taking over. */
  activity?: ActivityLog;
  /** Who a request for a person reaches (nobody by default), and the ports of an open handoff. */
  handoff?: BotHandoff;
  /** Hears failures of the store, the activity log or the handoff desk; the bot itself keeps answering. */
  onError?: (error: unknown, context: string) => void;
}

/** What `onError` hears when the staff's side of a handoff cannot be told. */
export const DESK_UNREACHABLE = 'handoff desk unreachable';

const RECORDED_TEXT = 500;
const TRANSCRIPT_TEXT = 4_000;

/** updoc failed the person: an error, a plea to rephrase or an offer of a person, or no article for a real question. */
function wasUnanswered(reply: Reply, state: SessionState): boolean {
  if (reply.kind === 'error') return true;
  if (reply.kind === 'question') return state.pending === undefined;
  return reply.kind === 'answer' && !reply.diagnosis.article && !CONVERSATIONAL_INTENTS.includes(reply.diagnosis.intent);
}

function hostOf(url: string): string {
  try {
    return new URL(/^https?:\/\//i.test(url) ? url : `https://${url}`).hostname;
  } catch {
    return url.toLowerCase();
  }
}

/** What a channel needs of the bot: its turns, a look at a stored conversation, and staff replies. */
export type TurnHandler = Pick<Bot, 'handleTurn' | 'session' | 'staffMessage'>;

/**
 * updoc's single entry point and turn runner. Every channel (CLI, web widget, Slack, Discord)
 * hands a turn to `handleTurn` and renders the platform-neutral replies it returns. The runner
 * keeps each conversation's turns in order, loads and saves its state (answering on its own when
 * the store is down), reads screenshots, runs the live probes the dialog policy asks for, and
 * records every turn; what to say is the policy's decision. The bot knows no channel.
 */
export class Bot {
  readonly kb: KnowledgeBase;
  private readonly diagnoser: Diagnoser;
  private readonly policy: DialogPolicy;
  private readonly store: SessionStore;
  private readonly now: () => number;
  private readonly reader: ScreenshotReaderPort | undefined;
  private readonly prober: ProberPort | undefined;
  private readonly activity: ActivityLog | undefined;
  private readonly handoff: BotHandoff;
  private readonly onError: (error: unknown, context: string) => void;
  /** Turns of one session run one at a time, in arrival order. */
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(options: BotOptions) {
    this.diagnoser = options.diagnoser;
    this.kb = options.diagnoser.kb;
    this.store = options.store;
    this.now = options.now ?? Date.now;
    this.reader = options.reader;
    this.prober = options.prober;
    this.activity = options.activity;
    this.handoff = options.handoff ?? { reach: 'none' };
    this.onError = options.onError ?? (() => undefined);
    const { reach, contact } = this.handoff;
    this.policy = new DialogPolicy({
      diagnoser: this.diagnoser,
      canProbe: Boolean(this.prober),
      now: this.now,
      handoff: { reach, ...(contact ? { contact } : {}) },
    });
  }

  /**
   * Handles one turn and resolves with all its replies, in order. `onReply` hears each reply as
   * soon as it is ready (progress first), for channels that stream.
   */
  handleTurn(sessionId: string, input: TurnInput, onReply?: (reply: Reply) => void): Promise<Reply[]> {
    return this.inOrder(sessionId, () => this.runTurn(sessionId, input, onReply));
  }

  /**
   * A staff member wrote in the conversation's support thread. While its handoff is open the
   * message joins the transcript (after a note that they joined, the first time they write) and
   * goes to the person through the outlet; a reloaded widget finds it in the transcript.
   */
  staffMessage(sessionId: string, message: { text: string; author: string }): Promise<StaffMessageOutcome> {
    return this.inOrder(sessionId, () => this.passStaffMessage(sessionId, message));
  }

  /** The stored conversation, for a channel that restores it (a reloaded widget). */
  session(sessionId: string): Promise<SessionState | undefined> {
    return this.store.load(sessionId);
  }

  /** Runs the work of one session after the work before it, in arrival order. */
  private inOrder<T>(sessionId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(sessionId) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(work);
    this.queues.set(sessionId, next);
    void next.finally(() => {
      if (this.queues.get(sessionId) === next) this.queues.delete(sessionId);
    }).catch(() => undefined);
    return next;
  }

  private async passStaffMessage(sessionId: string, message: { text: string; author: string }): Promise<StaffMessageOutcome> {
    const state = await this.store.load(sessionId);
    if (!state) return { status: 'expired' };
    const handoff = state.handoff;
    if (!handoff?.open) return { status: 'closed' };
    const at = this.now();
    const messages: OutOfTurnMessage[] = [];
    const joined = this.policy.handoffs.joined(state, message.author);
    if (joined) {
      const reply = { ...joined, handoff: 'open' as const };
      messages.push({ from: 'bot', reply, seq: ++handoff.seq });
      state.transcript.push({ from: 'bot', text: reply.text, at, kind: reply.kind, actions: reply.actions, seq: handoff.seq });
    }
    const text = message.text.slice(0, TRANSCRIPT_TEXT);
    messages.push({ from: 'staff', author: message.author, text, seq: ++handoff.seq });
    state.transcript.push({ from: 'staff', author: message.author, text, at, seq: handoff.seq });
    state.transcript.splice(0, Math.max(0, state.transcript.length - TRANSCRIPT_LIMIT));
    state.updatedAt = at;
    await this.store.save(state);
    const outlet = this.handoff.outlet;
    if (!outlet) return { status: 'kept' };
    try {
      await outlet.deliver({ sessionId, ...(handoff.requester ? { requester: handoff.requester } : {}), messages });
      return { status: 'delivered' };
    } catch (error) {
      return { status: 'unreachable', reason: (error as Error).message };
    }
  }

  private async runTurn(sessionId: string, input: TurnInput, onReply?: (reply: Reply) => void): Promise<Reply[]> {
    const now = this.now();
    let storeDown = false;
    let state: SessionState;
    try {
      state = (input.opened ? undefined : await this.store.load(sessionId)) ?? newSession(sessionId, now);
    } catch (error) {
      // Without the store each message is answered on its own: better than no answer.
      this.onError(error, 'session store unreachable');
      storeDown = true;
      state = newSession(sessionId, now);
    }
    if (input.contact) state.contact = { ...state.contact, ...input.contact };
    const said = input.action !== undefined ? `[button] ${input.action}` : `${input.image ? '[screenshot] ' : ''}${input.text ?? ''}`;
    state.transcript.push({ from: 'person', text: said.slice(0, TRANSCRIPT_TEXT), at: now });

    const emitted: Reply[] = [];
    const progress = (reply: Reply) => {
      emitted.push(reply);
      onReply?.(reply);
    };
    const handedOffBefore = state.handedOff;
    let reply = await this.recordOutcome(state, input, await this.respond(state, input, progress), handedOffBefore);
    if (storeDown) reply = { ...reply, text: `${reply.text}\n\n_${say(this.kb, 'lost_context')}_` };
    if (state.handoff) {
      reply = { ...reply, handoff: state.handoff.open ? 'open' : 'closed' };
      if (state.handoff.open && input.requester) state.handoff.requester = input.requester;
    }
    state.lastReply = reply.text;
    state.lastDiagnosis = reply.diagnosis;
    state.transcript.push({ from: 'bot', text: reply.text, at: now, kind: reply.kind, actions: reply.actions });
    state.transcript.splice(0, Math.max(0, state.transcript.length - TRANSCRIPT_LIMIT));
    state.updatedAt = now;
    // Both writes start in the same tick: a store that commits a tick's writes together stores them at once.
    await Promise.all([storeDown ? undefined : this.saveSession(state), this.recordTurn(state, input, reply)]);
    onReply?.(reply);
    return [...emitted, reply];
  }

  private async saveSession(state: SessionState): Promise<void> {
    try {
      await this.store.save(state);
    } catch (error) {
      this.onError(error, 'session store unreachable');
    }
  }

  /**
   * Records a 👍/👎 or a new handoff before the person is told it was taken, and says so when it
   * was not: feedback must be about an answer of updoc's (it counts once per answer), and a
   * handoff may be refused (too many from one person) or fail with the store.
   */
  private async recordOutcome(state: SessionState, input: TurnInput, reply: Reply, handedOffBefore: boolean): Promise<Reply> {
    if (!this.activity) return reply;
    const action = input.action ? parseAction(input.action) : undefined;
    if (action?.type === 'feedback') {
      const rated = state.transcript.findLast((t) => t.from === 'bot' && t.actions?.some((a) => a.role === 'feedback'));
      if (!rated) return { ...reply, text: say(this.kb, 'nothing_to_rate'), actions: [] };
      try {
        await this.activity.recordFeedback({ at: this.now(), sessionId: state.id, value: action.value, reply: rated.text, article: state.lastArticle ?? null });
      } catch (error) {
        this.onError(error, 'activity log unreachable');
        return { ...reply, text: say(this.kb, 'feedback_not_recorded') };
      }
    }
    if (reply.kind === 'handoff' && state.handedOff && !handedOffBefore) {
      try {
        await this.activity.recordHandoff(
          {
            at: this.now(),
            sessionId: state.id,
            transcript: state.transcript.map(({ from, text, at: when }) => ({ from, text, at: when })),
            diagnosis: reply.diagnosis,
            ...(state.probed ? { probe: state.probed } : {}),
            ...(state.contact ? { contact: state.contact } : {}),
          },
          input.requester ? { requester: input.requester } : {},
        );
      } catch (error) {
        state.handedOff = false;
        delete state.handoff;
        if (error instanceof RecordRefused) return { ...reply, text: error.message };
        this.onError(error, 'activity log unreachable');
        return { ...reply, text: say(this.kb, 'handoff_not_recorded') };
      }
    }
    return reply;
  }

  /** Writes the turn to the activity log before the person is answered. */
  private async recordTurn(state: SessionState, input: TurnInput, reply: Reply): Promise<void> {
    if (!this.activity) return;
    try {
      const url = state.facts.url?.value;
      await this.activity.recordTurn({
        at: this.now(),
        sessionId: state.id,
        text: (input.text ?? (input.action ? `[button] ${input.action}` : '[screenshot]')).slice(0, RECORDED_TEXT),
        kind: reply.kind,
        ...reply.diagnosis,
        unanswered: wasUnanswered(reply, state),
        ...(url ? { host: hostOf(url) } : {}),
      });
    } catch (error) {
      this.onError(error, 'activity log unreachable');
    }
  }

  private async respond(state: SessionState, input: TurnInput, progress: (reply: Reply) => void): Promise<Reply> {
    if (input.action !== undefined) {
      const action = parseAction(input.action);
      if (!action) return this.policy.problem(state, 'unknown_button');
      const decision = this.policy.handoffs.duringHandoff(state, { action }) ?? this.policy.onAction(state, action);
      return this.carryOut(state, decision, input.requester, progress);
    }
    let text = input.text ?? '';
    let reading: ScreenshotText | undefined;
    if (input.image) {
      if (!this.reader) return this.policy.problem(state, 'no_screenshot_reader');
      try {
        reading = await this.reader.read(input.image.bytes, {
          ...(input.image.filename ? { filename: input.image.filename } : {}),
          ...(input.requester ? { requester: input.requester } : {}),
        });
        text = [text, reading.text].filter((t) => t.trim()).join('\n\n');
      } catch (error) {
        return this.policy.problem(state, 'screenshot_without_text', (error as ReadableError).message || undefined);
      }
      if (!text.trim()) return this.policy.problem(state, 'screenshot_without_text');
    }
    if (text.trim() === '') return this.policy.problem(state, 'empty_message');
    // While the support team has the conversation, what the person writes goes to them.
    const held = this.policy.handoffs.duringHandoff(state, { text: reading ? `[screenshot] ${text}` : text });
    if (held) return this.carryOut(state, held, input.requester, progress);
    const analysis = this.diagnoser.analyze(text);
    // A screenshot alone that reads as too little is answered with what was read, not guessed at.
    const illegible = reading && !input.text?.trim() ? illegibleReading(reading, analysis) : undefined;
    if (illegible !== undefined) return this.policy.problem(state, 'screenshot_unreadable', say(this.kb, 'screenshot_unreadable', { read: illegible }, state));
    const decision = this.policy.onMessage(state, analysis, reading ? 'screenshot' : 'text');
    return this.carryOut(state, decision, input.requester, progress);
  }

  /** Does what a decision asks of the runner (tell the staff, check a site) and returns the final reply. */
  private async carryOut(state: SessionState, decision: Decision, requester: string | undefined, progress: (r: Reply) => void): Promise<Reply> {
    const { relay } = decision;
    const desk = this.handoff.desk;
    if (relay && desk) {
      try {
        await desk.tell(state.id, relay);
      } catch (error) {
        this.onError(error, DESK_UNREACHABLE);
        if (relay.type === 'message') return this.policy.handoffs.relayFailed(state);
      }
    }
    return this.probed(state, decision, requester, progress);
  }

  /** Runs the live check a decision asks for, streaming progress, and returns the final reply. */
  private async probed(state: SessionState, decision: Decision, requester: string | undefined, progress: (r: Reply) => void): Promise<Reply> {
    const url = decision.probe;
    if (!url || !this.prober) return decision.reply;
    const steps: ProbeStep[] = [];
    let shown = '';
    try {
      const findings = await this.prober.probe(url, {
        ...(requester ? { requester } : {}),
        onProgress: (step) => {
          steps.push(step);
          // A step that changes neither the line nor the checklist is not worth an update on any channel.
          const line = probeProgressLine(this.kb, url, steps);
          const checklist = probeChecklist(this.kb, url, steps);
          const key = `${line}\n${checklistText(checklist)}`;
          if (key === shown) return;
          shown = key;
          progress({ ...this.policy.progress(state, line), checklist });
        },
      });
      return this.policy.afterProbe(state, decision, url, findings);
    } catch (error) {
      return this.policy.probeFailed(state, decision, url, (error as Error).message);
    }
  }
}
