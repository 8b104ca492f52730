import { Diagnoser, type Analysis, type Diagnosis } from './diagnose.js';
import { actionId, parseAction, type ParsedAction } from './dialog/actions.js';
import { BUTTON_STRENGTH, learnFromMessage, setFact } from './dialog/facts.js';
import { chooseQuestion, MAX_QUESTIONS, queryFromState } from './dialog/next-question.js';
import { pickResponse, smalltalkKind } from './dialog/responses.js';
import type { SessionStore } from './dialog/session-store.js';
import { newSession, TRANSCRIPT_LIMIT, type SessionState } from './dialog/state.js';
import type { Fact } from './knowledge/schema.js';
import type { Article, KnowledgeBase } from './knowledge/types.js';
import { composeAnswer } from './reply/compose-answer.js';
import type { Reply, ReplyAction, ReplyKind } from './reply/model.js';
import { probeParagraph, progressLine } from './reply/compose-probe.js';
import { RecordRefused, type ActivityLog, type ProbeFindings, type ProbeStep, type ProberPort, type ReadableError, type ScreenshotReaderPort } from './ports.js';
import type { Cause, Intent, Upstream } from './taxonomy.js';

/** One person's turn: what they typed (with a screenshot, perhaps), or the button they pressed. */
export interface TurnInput {
  text?: string;
  action?: string;
  image?: { bytes: Buffer; filename?: string };
  /** Who is asking, for the probe's per-person rate limit (a channel user id, a client address). */
  requester?: string;
}

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
  /** Hears failures of the store or the activity log; the bot itself keeps answering. */
  onError?: (error: unknown, context: string) => void;
}

const CONVERSATIONAL: readonly Intent[] = ['smalltalk', 'human', 'out_of_scope'];
/** Intents that mean something different to a site owner: answered as the owner's question. */
const OWNER_READING: Partial<Record<Intent, Intent>> = { explain: 'owner_fix', visitor_fix: 'owner_fix', whose_fault: 'owner_fix' };
const VISITOR_READING: Partial<Record<Intent, Intent>> = { owner_fix: 'visitor_fix' };
const TOPIC_WORDS = 200;
const LOST_CONTEXT = 'I could not reach my memory just now, so I may have lost the earlier part of our conversation.';
const RECORDED_TEXT = 500;
const NOTHING_TO_RATE = "I couldn't record that: there is no answer of mine in this conversation for it to be about. Ask me about the error, then rate the answer.";
const FEEDBACK_NOT_RECORDED = "Thanks, but I couldn't save your feedback just now (a problem on our side), so it was not counted. Please press the button again in a minute.";
const HANDOFF_NOT_RECORDED = "I couldn't pass this to the support team just now because of a problem on our side. Please ask again in a few minutes.";
const ALREADY_HANDED_OFF = "I've already passed this conversation to the support team, so there's no need to ask again.";
const TELL_ME_FIRST = "I can pass this to a person on the support team. So they can help right away, first tell me in a sentence or two what's wrong: the site's address and what you see. Then ask for a person again.";

/** updoc failed the person: an error, a plea to rephrase or an offer of a person, or no article for a real question. */
function wasUnanswered(reply: Reply, state: SessionState): boolean {
  if (reply.kind === 'error') return true;
  if (reply.kind === 'question') return state.pending === undefined;
  return reply.kind === 'answer' && !reply.diagnosis.article && !CONVERSATIONAL.includes(reply.diagnosis.intent);
}

function hostOf(url: string): string {
  try {
    return new URL(/^https?:\/\//i.test(url) ? url : `https://${url}`).hostname;
  } catch {
    return url.toLowerCase();
  }
}

/** What the probe saw itself is strong evidence, but the person's own button still wins. */
const PROBE_STRENGTH = 0.95;
const FEEDBACK_LIMIT = 100;

/**
 * updoc's single entry point. Every channel (CLI, web widget, Slack, Discord) hands a turn to
 * `handleTurn` and renders the platform-neutral replies it returns. The bot knows no channel.
 */
export class Bot {
  readonly kb: KnowledgeBase;
  private readonly diagnoser: Diagnoser;
  private readonly store: SessionStore;
  private readonly now: () => number;
  private readonly reader: ScreenshotReaderPort | undefined;
  private readonly prober: ProberPort | undefined;
  private readonly activity: ActivityLog | undefined;
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
    this.onError = options.onError ?? (() => undefined);
  }

  /**
   * Handles one turn and resolves with all its replies, in order. `onReply` hears each reply as
   * soon as it is ready (progress first), for channels that stream.
   */
  handleTurn(sessionId: string, input: TurnInput, onReply?: (reply: Reply) => void): Promise<Reply[]> {
    const previous = this.queues.get(sessionId) ?? Promise.resolve();
    const turn = previous.catch(() => undefined).then(() => this.runTurn(sessionId, input, onReply));
    this.queues.set(sessionId, turn);
    void turn.finally(() => {
      if (this.queues.get(sessionId) === turn) this.queues.delete(sessionId);
    }).catch(() => undefined);
    return turn;
  }

  /** The stored conversation, for a channel that restores it (a reloaded widget). */
  session(sessionId: string): Promise<SessionState | undefined> {
    return this.store.load(sessionId);
  }

  private async runTurn(sessionId: string, input: TurnInput, onReply?: (reply: Reply) => void): Promise<Reply[]> {
    const now = this.now();
    let storeDown = false;
    let state: SessionState;
    try {
      state = (await this.store.load(sessionId)) ?? newSession(sessionId, now);
    } catch (error) {
      // Without the store each message is answered on its own: better than no answer.
      this.onError(error, 'session store unreachable');
      storeDown = true;
      state = newSession(sessionId, now);
    }
    const said = input.action !== undefined ? `[button] ${input.action}` : `${input.image ? '[screenshot] ' : ''}${input.text ?? ''}`;
    state.transcript.push({ from: 'person', text: said.slice(0, 4_000), at: now });

    const emitted: Reply[] = [];
    const progress = (reply: Reply) => {
      emitted.push(reply);
      onReply?.(reply);
    };
    const handedOffBefore = state.handedOff;
    let reply = await this.recordOutcome(state, input, await this.respond(state, input, progress), handedOffBefore);
    if (storeDown) reply = { ...reply, text: `${reply.text}\n\n_${LOST_CONTEXT}_` };
    state.lastReply = reply.text;
    state.lastDiagnosis = reply.diagnosis;
    state.transcript.push({ from: 'bot', text: reply.text, at: now, kind: reply.kind, actions: reply.actions });
    state.transcript.splice(0, Math.max(0, state.transcript.length - TRANSCRIPT_LIMIT));
    state.updatedAt = now;
    if (!storeDown) {
      try {
        await this.store.save(state);
      } catch (error) {
        this.onError(error, 'session store unreachable');
      }
    }
    await this.recordTurn(state, input, reply);
    onReply?.(reply);
    return [...emitted, reply];
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
      const rated = state.transcript.findLast((t) => t.from === 'bot' && t.actions?.some((a) => a.id === actionId.feedbackUp));
      if (!rated) return { ...reply, text: NOTHING_TO_RATE, actions: [] };
      try {
        await this.activity.recordFeedback({ at: this.now(), sessionId: state.id, value: action.value, reply: rated.text, article: state.lastArticle ?? null });
      } catch (error) {
        this.onError(error, 'activity log unreachable');
        return { ...reply, text: FEEDBACK_NOT_RECORDED };
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
          },
          input.requester ? { requester: input.requester } : {},
        );
      } catch (error) {
        state.handedOff = false;
        if (error instanceof RecordRefused) return { ...reply, text: error.message };
        this.onError(error, 'activity log unreachable');
        return { ...reply, text: HANDOFF_NOT_RECORDED };
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
      if (!action) return this.reply(state, 'error', "I don't know that button any more. Please type your question instead.");
      return this.onAction(state, action);
    }
    let text = input.text ?? '';
    let fromScreenshot = false;
    if (input.image) {
      if (!this.reader) return this.reply(state, 'error', "I can't read screenshots here. Please paste the error page's text or a log line instead.");
      try {
        const reading = await this.reader.read(input.image.bytes, {
          ...(input.image.filename ? { filename: input.image.filename } : {}),
          ...(input.requester ? { requester: input.requester } : {}),
        });
        text = [text, reading.text].filter((t) => t.trim()).join('\n\n');
        fromScreenshot = true;
      } catch (error) {
        return this.reply(state, 'error', (error as ReadableError).message || 'I could not read that screenshot.');
      }
      if (!text.trim()) return this.reply(state, 'error', "I couldn't find any text in that screenshot. Could you paste the error's text instead?");
    }
    if (text.trim() === '') return this.reply(state, 'error', 'Your message was empty. Tell me what you see, paste an error or a log line, or send a URL.');
    const analysis = this.diagnoser.analyze(text);
    const reply = this.onMessage(state, analysis, fromScreenshot);
    return this.withProbe(state, analysis, reply, input.requester, progress);
  }

  /**
   * Looks at the site when the message gives an address to check (or asks for a check of one
   * already named): progress replies as the probe goes, then the answer opened by what it saw.
   */
  private async withProbe(state: SessionState, analysis: Analysis, reply: Reply, requester: string | undefined, progress: (r: Reply) => void): Promise<Reply> {
    const url = state.facts.url?.value;
    const wantsCheck = analysis.diagnosis.intent === 'check_url' || analysis.evidence.urls.length > 0 || analysis.evidence.hosts.length > 0;
    if (!this.prober || !url || !wantsCheck || reply.kind === 'handoff' || reply.kind === 'error') return reply;
    const target = /^https?:\/\//i.test(url) ? url : `https://${url}`;
    const steps: ProbeStep[] = [];
    let findings: ProbeFindings;
    try {
      findings = await this.prober.probe(target, {
        ...(requester ? { requester } : {}),
        onProgress: (step) => {
          steps.push(step);
          progress(this.reply(state, 'progress', progressLine(target, steps)));
        },
      });
    } catch (error) {
      return { ...reply, text: `I could not check ${target} just now (${(error as Error).message}).\n\n${reply.text}` };
    }
    state.probed = { url: target, verdict: findings.verdict, at: this.now() };
    if (findings.vendor && findings.vendor !== 'unknown') setFact(state, 'vendor', findings.vendor, 'probe', PROBE_STRENGTH);
    if (findings.cause && findings.cause !== 'unknown') setFact(state, 'cause', findings.cause, 'probe', PROBE_STRENGTH);
    const seen = probeParagraph(findings, state.facts.role?.value, this.kb);
    return { ...reply, text: `${seen}\n\n${reply.text}`, diagnosis: this.sessionDiagnosis(state, reply.diagnosis), probe: findings };
  }

  private onMessage(state: SessionState, analysis: Analysis, fromScreenshot = false): Reply {
    const learned = learnFromMessage(state, analysis, this.kb, fromScreenshot ? 'screenshot' : 'text');
    const answered = learned.answered || learned.facts.length > 0;
    let intent = analysis.diagnosis.intent;
    const hasEvidence = analysis.evidence.hits.length > 0 || analysis.evidence.urls.length > 0;

    if (intent === 'human') return this.handoff(state);
    if (answered && state.lastIntent && (analysis.certainty !== 'clear' || CONVERSATIONAL.includes(intent))) {
      intent = state.lastIntent;
    } else if (!hasEvidence && analysis.certainty !== 'clear') {
      return this.misunderstood(state, analysis);
    } else if (intent === 'smalltalk' && !hasEvidence) {
      state.misunderstandings = 0;
      return this.reply(state, 'answer', pickResponse(this.kb, smalltalkKind(analysis.text.scan), state), { intent });
    } else if (intent === 'out_of_scope' && !hasEvidence) {
      state.misunderstandings = 0;
      return this.reply(state, 'answer', pickResponse(this.kb, 'out_of_scope', state), { intent, actions: [this.humanAction()] });
    } else if (CONVERSATIONAL.includes(intent)) {
      intent = 'explain';
    }
    if (!answered || analysis.stems.length > 3) state.topic = analysis.stems.slice(0, TOPIC_WORDS);
    return this.diagnose(state, intent, analysis.diagnosis.confidence);
  }

  /** Answers the diagnostic question with everything the conversation knows, or asks what it needs. */
  private diagnose(state: SessionState, asked: Intent, confidence: number): Reply {
    state.misunderstandings = 0;
    const role = state.facts.role?.value;
    const intent = (role === 'owner' ? OWNER_READING[asked] : role === 'visitor' ? VISITOR_READING[asked] : undefined) ?? asked;
    state.lastIntent = intent;
    const query = queryFromState(state, { stems: state.topic, intent });
    const article = this.diagnoser.bestArticle(query) ?? this.diagnoser.rankArticles(query)[0]?.article;
    if (!article) return this.reply(state, 'answer', pickResponse(this.kb, 'smalltalk', state), { intent, confidence });
    state.lastArticle = article.meta.id;

    const question = chooseQuestion(state, article, query, this.kb, this.diagnoser, Boolean(this.prober));
    if (question?.blocking) return this.ask(state, question.fact, intent, article, confidence);

    const composed = composeAnswer({ kb: this.kb, diagnoser: this.diagnoser, state, intent, article });
    if (composed.more) state.more = composed.more;
    else delete state.more;
    let text = composed.text;
    const actions: ReplyAction[] = [];
    if (question) {
      text += `\n\n${this.questionText(question.fact)}`;
      actions.push(...this.optionActions(question.fact));
      state.pending = { type: 'fact', fact: question.fact };
      state.asked.push(question.fact);
    } else if (state.asked.length >= MAX_QUESTIONS) {
      const sharper = this.stillUseful(state, article);
      if (sharper) text += `\n\n_${sharper}_`;
    }
    if (text === state.lastReply) {
      text = `That is still my best explanation, from what you've told me so far. A log line from your server, or a person from the support team, can take it further.`;
    }
    if (composed.more) actions.push({ id: actionId.more, label: 'More' });
    actions.push(...this.feedbackActions(), this.humanAction());
    return this.reply(state, 'answer', text, { intent, article: article.meta.id, confidence, actions });
  }

  private ask(state: SessionState, fact: Fact, intent: Intent, article: Article, confidence: number): Reply {
    state.pending = { type: 'fact', fact };
    state.asked.push(fact);
    return this.reply(state, 'question', this.questionText(fact), {
      intent,
      article: article.meta.id,
      confidence,
      actions: this.optionActions(fact),
    });
  }

  private misunderstood(state: SessionState, analysis: Analysis): Reply {
    state.misunderstandings += 1;
    if (state.misunderstandings >= 2) {
      return this.reply(state, 'question', pickResponse(this.kb, 'offer_human', state), {
        intent: analysis.diagnosis.intent,
        confidence: analysis.diagnosis.confidence,
        actions: [this.humanAction(), { id: actionId.rephrase, label: "No, I'll rephrase" }],
      });
    }
    if (analysis.certainty === 'ambiguous') {
      const options = analysis.intents.slice(0, 2).map((s) => s.intent);
      state.pending = { type: 'intent', options };
      state.unclearMessage = analysis.text.original.slice(0, 4_000);
      return this.reply(state, 'question', pickResponse(this.kb, 'choose', state), {
        intent: analysis.diagnosis.intent,
        confidence: analysis.diagnosis.confidence,
        actions: options.map((intent) => ({ id: actionId.intent(intent), label: this.kb.dialog.intentLabels[intent] })),
      });
    }
    return this.reply(state, 'question', pickResponse(this.kb, 'rephrase', state), {
      intent: analysis.diagnosis.intent,
      confidence: analysis.diagnosis.confidence,
      actions: [this.humanAction()],
    });
  }

  private onAction(state: SessionState, action: ParsedAction): Reply {
    switch (action.type) {
      case 'human':
        return this.handoff(state);
      case 'fact': {
        const allowed = this.kb.dialog.facts.get(action.fact)?.options.some((o) => o.value === action.value);
        if (!allowed) return this.reply(state, 'error', "I don't know that choice. Please type your answer instead.");
        setFact(state, action.fact, action.value, 'button', BUTTON_STRENGTH);
        if (!state.asked.includes(action.fact)) state.asked.push(action.fact);
        delete state.pending;
        return this.diagnose(state, state.lastIntent ?? 'explain', 1);
      }
      case 'intent': {
        const message = state.unclearMessage;
        delete state.pending;
        delete state.unclearMessage;
        if (action.intent === 'human') return this.handoff(state);
        if (message) {
          const analysis = this.diagnoser.analyze(message);
          learnFromMessage(state, analysis, this.kb);
          state.topic = analysis.stems.slice(0, TOPIC_WORDS);
        }
        if (CONVERSATIONAL.includes(action.intent)) {
          const kind = action.intent === 'out_of_scope' ? 'out_of_scope' : 'smalltalk';
          return this.reply(state, 'answer', pickResponse(this.kb, kind, state), { intent: action.intent });
        }
        return this.diagnose(state, action.intent, 1);
      }
      case 'more': {
        const more = state.more;
        delete state.more;
        if (!more) return this.reply(state, 'answer', "That's everything I have on this. Ask me anything else about it, or talk to a person.", { actions: [this.humanAction()] });
        return this.reply(state, 'answer', more, { actions: [...this.feedbackActions(), this.humanAction()] });
      }
      case 'feedback': {
        state.feedback.push({ reply: state.lastReply ?? '', value: action.value, at: this.now() });
        state.feedback.splice(0, Math.max(0, state.feedback.length - FEEDBACK_LIMIT));
        if (action.value === 'up') return this.reply(state, 'answer', 'Thanks for the feedback! Glad it helped.');
        return this.reply(state, 'answer', "Sorry that didn't help. Would you like to talk to a person from the support team, or tell me more (a log line or the exact error text)?", {
          actions: [this.humanAction()],
        });
      }
      case 'rephrase':
        state.misunderstandings = 0;
        return this.reply(state, 'question', 'Sure. Tell me where you see the error and what it says, paste a log line, or send the URL.');
    }
  }

  /** Once per conversation, and only with something to hand over: a message before the request. */
  private handoff(state: SessionState): Reply {
    delete state.pending;
    if (state.handedOff) return this.reply(state, 'handoff', ALREADY_HANDED_OFF, { intent: 'human' });
    if (!state.transcript.slice(0, -1).some((t) => t.from === 'person' && !t.text.startsWith('[button] '))) {
      return this.reply(state, 'handoff', TELL_ME_FIRST, { intent: 'human' });
    }
    state.handedOff = true;
    return this.reply(state, 'handoff', pickResponse(this.kb, 'handoff', state), { intent: 'human' });
  }

  private questionText(fact: Fact): string {
    return this.kb.dialog.facts.get(fact)?.question ?? '';
  }

  private optionActions(fact: Fact): ReplyAction[] {
    return (this.kb.dialog.facts.get(fact)?.options ?? []).map((o) => ({ id: actionId.fact(fact, o.value), label: o.label }));
  }

  private feedbackActions(): ReplyAction[] {
    return [
      { id: actionId.feedbackUp, label: '👍 Helpful' },
      { id: actionId.feedbackDown, label: '👎 Not helpful' },
    ];
  }

  private humanAction(): ReplyAction {
    return { id: actionId.human, label: 'Talk to a person' };
  }

  /** After the question budget is spent: what the person could still tell to sharpen the answer. */
  private stillUseful(state: SessionState, article: Article): string | undefined {
    const missing = article.meta.needs.filter((fact) => state.facts[fact] === undefined);
    if (missing.length === 0) return undefined;
    const names: Partial<Record<Fact, string>> = {
      vendor: 'which server answers in front of your app',
      upstream: 'what runs your app',
      cause: 'the error-log line from the moment of a 502',
      role: 'whether the site is yours',
      url: "the site's address",
      frequency: 'whether it happens every time',
      since_change: 'whether it started after a change',
      hosting: 'where the site is hosted',
    };
    return `To sharpen this, tell me ${missing.map((f) => names[f]).filter(Boolean).join(', or ')}.`;
  }

  private reply(
    state: SessionState,
    kind: ReplyKind,
    text: string,
    extra: { intent?: Intent; article?: string; confidence?: number; actions?: ReplyAction[] } = {},
  ): Reply {
    return { kind, text, actions: extra.actions ?? [], diagnosis: this.sessionDiagnosis(state, extra) };
  }

  /** What the whole conversation has established, in taxonomy ids. */
  private sessionDiagnosis(state: SessionState, extra: { intent?: Intent; article?: string | null; confidence?: number }): Diagnosis {
    const fact = (name: Fact) => {
      const value = state.facts[name]?.value;
      return value && value !== 'unknown' ? value : undefined;
    };
    const vendorId = fact('vendor');
    return {
      intent: extra.intent ?? state.lastIntent ?? state.lastDiagnosis?.intent ?? 'smalltalk',
      vendor: (vendorId && this.kb.vendors.get(vendorId)?.reportsAs) || 'unknown',
      upstream: (fact('upstream') as Upstream | undefined) ?? 'unknown',
      cause: (fact('cause') as Cause | undefined) ?? 'unknown',
      article: extra.article ?? null,
      confidence: Math.round((extra.confidence ?? state.lastDiagnosis?.confidence ?? 0) * 1000) / 1000,
    };
  }
}
