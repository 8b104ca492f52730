import type { Analysis, Diagnosis, Diagnoser } from '../diagnose.js';
import type { Fact } from '../knowledge/schema.js';
import type { KnowledgeBase, ResponseKind } from '../knowledge/types.js';
import type { DeskNote, ProbeFindings } from '../ports.js';
import { composeAnswer } from '../reply/compose-answer.js';
import { probeParagraph, sightOf } from '../reply/compose-probe.js';
import type { Reply, ReplyAction, ReplyKind } from '../reply/model.js';
import { CONVERSATIONAL_INTENTS, type Cause, type Intent, type Upstream } from '../taxonomy.js';
import { buttons, type ParsedAction } from './actions.js';
import { BUTTON_STRENGTH, learnFromMessage, setFact } from './facts.js';
import { asksAboutLastReply, asksWhatItMeans, dnsAnswer, followUpAnswer, meaningAnswer, questionAnswer } from './follow-up.js';
import { stackAnswer, stackTopicOf } from './product-questions.js';
import { askProbeTarget, chooseProbeTarget, pickProbeTarget, type ProbeTarget } from './probe-target.js';
import { HandoffRules, type HandoffSetup } from './handoff.js';
import { chooseQuestion, MAX_QUESTIONS } from './next-question.js';
import { fingerprint } from './fingerprint.js';
import { readChoice } from './read-choice.js';
import { fitPhpVersion } from './stated-version.js';
import { reportsFixed, say, smalltalkKind } from './responses.js';
import type { SessionState } from './state.js';
import { knownValue, TurnContext } from './turn-context.js';

/** What the policy decided for a turn: the reply, and a site to check live before it is final. */
export interface Decision {
  reply: Reply;
  /** The runner probes this URL, then hands the findings to `afterProbe`. */
  probe?: string;
  /** The runner tells the staff of an open handoff (the person's message, their return to the bot). */
  relay?: DeskNote;
}

export interface PolicyOptions {
  diagnoser: Diagnoser;
  /** Whether a live prober is wired in: without one, updoc never offers to check a site. */
  canProbe: boolean;
  now: () => number;
  /** Who a request for a person reaches; nobody by default. */
  handoff?: HandoffSetup;
}

/** Intents that mean something different to a site owner: answered as the owner's question. */
const OWNER_READING: Partial<Record<Intent, Intent>> = { explain: 'owner_fix', visitor_fix: 'owner_fix', whose_fault: 'owner_fix' };
const VISITOR_READING: Partial<Record<Intent, Intent>> = { owner_fix: 'visitor_fix' };
const TOPIC_WORDS = 200;
const FEEDBACK_LIMIT = 100;
/** An answer written for a visitor or an owner settles the role only weakly: any statement overrides it. */
const ASSUMED_STRENGTH = 0.3;
/** What the probe saw itself is strong evidence, but the person's own button still wins. */
const PROBE_STRENGTH = 0.95;
/** An address found in the person's words is a fact as sure as any other they state. */
const URL_STRENGTH = 0.8;
const NO_TARGET: ProbeTarget = { kind: 'none' };
/** A button's text for a site: its host and path. */
const hostLabel = (url: string) => url.replace(/^https?:\/\//i, '').replace(/\/$/, '');
/** The person was just asked for an address: whatever they type is the site to check. */
const asksForAddress = (pending: SessionState['pending']) =>
  (pending?.type === 'fact' && pending.fact === 'url') || pending?.type === 'probe_target';

/** Questions that ask for a log line: a reply asking where it is gets the log's place. */
const ASKS_FOR_LOG: readonly Fact[] = ['cause', 'upstream'];
/** At most this many words make a short message, read against the conversation so far. */
const SHORT_MESSAGE_WORDS = 8;
const ANSWERED_IN_CONTEXT: readonly Intent[] = ['visitor_fix', 'owner_fix', 'whose_fault', 'duration', 'explain'];

/** A gateway error named, also with the usual slips ("bad gatway", "bad getway"). */
const GATEWAY_ERROR = /\b(?:50[234]|52\d|bad g[ae]t[ea]?w[ae]?y|gateway time-?out)\b/;
const ROLE_DEFAULT: Record<string, Intent> = { owner: 'owner_fix', visitor: 'visitor_fix' };
/** "my website is not working", "the shop won't load": a site that fails, said without a code. */
const SITE_FAILS = /\b(?:site|website|web ?site|web ?app|webshop|shop|store|blog|page|portal|server)\b[^.?!\n]{0,30}?\b(?:not working|(?:is|are|went|goes) down|broken|stopped working|does(?:n'?t| not) (?:load|work|open)|won'?t (?:load|open|work)|not (?:loading|opening)|unreachable|offline)\b/i;
const NAMES_PERSON = /\b(?:person|human|agent|someone|somebody|staff|support|representative|operator|people|escalate)\b/i;
const FIX_WORDS = /\b(?:fix|solve|resolve|repair|solution|what (?:do|should|can) (?:i|we) do|what now|now what|what next|what(?:'s| is) next)\b/i;
/** The words a bare request for the fix is made of: with them gone, nothing is left. */
const FIX_REQUEST_WORDS =
  /\b(?:ok(?:ay)?|so|and|but|then|now|please|pls|alright|right|i|we|you|do|can|should|could|would|how|to|what|whats|next|is|the|it|its|this|that|error|problem|issue|502|bad|gateway|fix|solve|resolve|repair|sort|out|get|rid|of|solution|for|me|help|s)\b|[^\p{L}\p{N}\s]/giu;

/** "how do i fix it", "ok so what do I do?": a request for the fix that names nothing else. */
function asksForTheFix(text: string): boolean {
  return FIX_WORDS.test(text) && text.replace(FIX_REQUEST_WORDS, '').trim() === '';
}
/** Readings that lead to the same answer: between them, updoc answers instead of asking which. */
const FAMILIES: readonly (readonly Intent[])[] = [['visitor_fix', 'whose_fault'], ['owner_fix', 'check_url'], ['explain', 'compare', 'duration']];
/** Readings a known role rules out. */
const RULED_OUT: Record<string, readonly Intent[]> = { owner: ['visitor_fix', 'whose_fault'], visitor: ['owner_fix'] };

/**
 * How sure the reading is once the conversation is taken into account: a role rules some intents
 * out, and two readings of one family ("what can I do" and "is it me") need no question.
 */
function effectiveCertainty(analysis: Analysis, role: string | undefined): Analysis['certainty'] {
  if (analysis.certainty === 'clear') return 'clear';
  const [first, second] = analysis.intents.filter((s) => !RULED_OUT[role ?? '']?.includes(s.intent));
  if (!first || !second) return analysis.certainty;
  const family = FAMILIES.find((f) => f.includes(first.intent));
  return family?.includes(second.intent) && first.probability + second.probability >= 0.55 ? 'clear' : analysis.certainty;
}

/**
 * The dialog's decisions, apart from any store, channel or network: a turn's event and the
 * conversation's state in, the reply out, the state updated in place. The runner (`Bot`) loads
 * and saves the state, reads screenshots and runs the live probes this policy asks for.
 */
export class DialogPolicy {
  readonly kb: KnowledgeBase;
  private readonly diagnoser: Diagnoser;
  private readonly canProbe: boolean;
  private readonly now: () => number;
  private readonly buttons: ReturnType<typeof buttons>;
  /** Requests for a person, and the conversation while the support team has it. */
  readonly handoffs: HandoffRules;

  constructor(options: PolicyOptions) {
    this.diagnoser = options.diagnoser;
    this.kb = options.diagnoser.kb;
    this.canProbe = options.canProbe;
    this.now = options.now;
    const handoff = options.handoff ?? { reach: 'none' };
    this.buttons = buttons(this.kb, handoff.reach !== 'none' ? 'people' : handoff.contact ? 'contact' : 'nowhere');
    this.handoffs = new HandoffRules(this.kb, handoff, this.buttons, (state, kind, text, extra) => this.reply(state, kind, text, extra));
  }

  /** A message the person typed (or a screenshot's words), already analysed. */
  onMessage(state: SessionState, analysis: Analysis, from: 'text' | 'screenshot' = 'text'): Decision {
    const pending = state.pending;
    const learned = learnFromMessage(state, analysis, this.kb, this.diagnoser.cues, from);
    let intent = analysis.diagnosis.intent;
    const certainty = effectiveCertainty(analysis, knownValue(state, 'role'));
    const hasEvidence = analysis.evidence.hits.length > 0 || analysis.evidence.urls.length > 0;
    // What the person shows (a page, a log line, an address), apart from products they only name.
    const showsMaterial = analysis.evidence.urls.length > 0 || analysis.evidence.hits.some((hit) => hit.signature.kind !== 'mention');
    // A product named in passing ("my wordpress theme looks broken") shows no error: only that material or a code does.
    const showsError = showsMaterial || GATEWAY_ERROR.test(analysis.text.plain);

    // An unsure reading of "human" in a conversation under way ("where is that log?") is not a wish for a person.
    // A message that tells updoc a fact ("I'm not the owner"), or a question once an answer was given
    // ("where is wp-config"), asks for a person only in so many words.
    const asksForPerson = (learned.changed.length === 0 && !state.lastArticle) || NAMES_PERSON.test(analysis.text.scan);
    if (intent === 'human' && asksForPerson && (analysis.certainty === 'clear' || (!pending && !state.lastArticle))) return this.handoffs.request(state);
    if (sightOf(analysis.evidence).seesGatewayError) state.seesGatewayError = true;
    if (pending?.type === 'intent') {
      const chosen = readChoice(analysis.structure.prose, pending.options.map((intent) => this.kb.dialog.intentLabels[intent]));
      if (chosen !== undefined) return this.onAction(state, { type: 'intent', intent: pending.options[chosen] as Intent });
    }
    if (pending?.type === 'probe_target') {
      const chosen = readChoice(analysis.structure.prose, pending.candidates.map(hostLabel));
      if (chosen !== undefined) {
        state.pending = pending;
        return this.onAction(state, { type: 'probe', choice: chosen });
      }
    }
    const target = this.canProbe
      ? chooseProbeTarget({ analysis, ...(state.facts.url ? { knownUrl: state.facts.url.value } : {}), askedForCheck: asksForAddress(pending) })
      : NO_TARGET;
    if (target.kind === 'probe') setFact(state, 'url', target.url, 'text', URL_STRENGTH);
    // "idk where that is" says where the log is not known: its "idk" is no answer to the question.
    const askedForLog = pending?.type === 'fact' && ASKS_FOR_LOG.includes(pending.fact) && !(learned.changed.includes(pending.fact) && knownValue(state, pending.fact));
    // Naming what they restarted is fine; a pasted page or log line shows it is not over.
    if (state.lastArticle && !showsMaterial && reportsFixed(analysis.text.scan)) {
      state.misunderstandings = 0;
      return { reply: this.reply(state, 'answer', say(this.kb, 'works_again', {}, state), { intent: 'smalltalk' }) };
    }
    // "Same thing on my phone with 4g": the test the answer suggested has its result.
    if (state.lastArticle && !showsMaterial && learned.changed.includes('scope') && knownValue(state, 'scope') === 'site_side' && knownValue(state, 'role') !== 'owner') {
      return { reply: this.answer(state, say(this.kb, 'follows_you', {}, state), { intent: 'whose_fault' }) };
    }
    const meaning = asksWhatItMeans(analysis.text.scan) ? meaningAnswer(this.kb, state) : undefined;
    if (meaning) return { reply: this.answer(state, meaning, { intent: state.lastIntent ?? 'explain' }) };
    const dns = dnsAnswer(this.kb, state, analysis.text.scan);
    if (dns) return { reply: this.answer(state, dns, { intent: state.lastIntent ?? 'explain' }) };
    const topic = stackTopicOf(analysis.text.scan, { askedForLog, answered: Boolean(state.lastArticle) });
    if (topic) return { reply: this.answer(state, stackAnswer(this.kb, state, topic, analysis.text.scan), { intent: state.lastIntent ?? 'owner_fix' }) };
    const asked = questionAnswer(this.diagnoser, state, analysis, learned);
    if (asked) return { reply: this.answer(state, asked, { intent: state.lastIntent ?? intent }) };
    const answered = learned.answered || learned.facts.length > 0;
    if (answered && state.lastIntent && (certainty !== 'clear' || CONVERSATIONAL_INTENTS.includes(intent))) {
      intent = state.lastIntent;
    } else if (certainty !== 'clear' && GATEWAY_ERROR.test(analysis.text.plain)) {
      // Whatever else is unclear, a gateway error can be explained now, for whoever is asking.
      intent = ROLE_DEFAULT[knownValue(state, 'role') ?? 'unknown'] ?? 'explain';
    } else if (!hasEvidence && (certainty !== 'clear' || intent === 'out_of_scope') && SITE_FAILS.test(analysis.text.scan)) {
      // At a gateway-error help desk, a site that fails is the question, whatever else it reads as.
      intent = ROLE_DEFAULT[knownValue(state, 'role') ?? 'unknown'] ?? 'check_url';
    } else if (!hasEvidence && asksForTheFix(analysis.text.scan)) {
      // "how do i fix it" names no topic of its own: the fix of what the conversation is about.
      if (!state.lastArticle) return { reply: this.misunderstood(state, analysis, certainty) };
      intent = ROLE_DEFAULT[knownValue(state, 'role') ?? 'unknown'] ?? 'owner_fix';
      // Asked again after the steps were given: they are the fix; say so rather than pick one passage.
      const again = knownValue(state, 'role') === 'visitor' ? 'fix_again_visitor' : 'fix_again';
      if (intent === state.lastIntent) return { reply: this.answer(state, say(this.kb, again, {}, state), { intent }) };
    } else if (!hasEvidence && certainty !== 'clear') {
      const inContext = this.readInContext(state, analysis);
      if (!inContext) {
        // A longer remark in a conversation under way may still point at one step ("they said it's my plugins").
        const followUp = state.lastArticle ? followUpAnswer(this.diagnoser, state, analysis, learned) : undefined;
        if (followUp) return { reply: this.answer(state, followUp, { intent: state.lastIntent ?? intent }) };
        return { reply: this.misunderstood(state, analysis, certainty) };
      }
      if (inContext === 'nothing_new') return { reply: this.answer(state, this.stillBest(state), { intent: state.lastIntent ?? intent }) };
      intent = inContext;
    } else if (intent === 'smalltalk' && !hasEvidence) {
      state.misunderstandings = 0;
      return { reply: this.reply(state, 'answer', say(this.kb, smalltalkKind(analysis.text.scan, state.lastArticle !== undefined), {}, state), { intent }) };
    } else if (intent === 'out_of_scope' && !showsError) {
      // In a conversation under way, a question may be about its answer ("how do I change the health check?").
      const followUp = state.lastArticle ? followUpAnswer(this.diagnoser, state, analysis, learned, true) : undefined;
      if (followUp) return { reply: this.answer(state, followUp, { intent: state.lastIntent ?? intent }) };
      state.misunderstandings = 0;
      return { reply: this.reply(state, 'answer', say(this.kb, 'out_of_scope', {}, state), { intent, actions: this.buttons.human() }) };
    } else if (CONVERSATIONAL_INTENTS.includes(intent)) {
      intent = 'explain';
    }
    if (!answered || analysis.stems.length > 3) state.topic = analysis.stems.slice(0, TOPIC_WORDS);
    const ctx = this.context(state, intent);
    // A question about the answer just given gets its own answer, not the same article again;
    // an address to check gets the check.
    const aboutLastReply = ctx.article?.meta.id === state.lastArticle || asksAboutLastReply(state, analysis, learned);
    if (ctx.article && aboutLastReply && target.kind !== 'probe') {
      const followUp = followUpAnswer(this.diagnoser, state, analysis, learned);
      if (followUp) return { reply: this.answer(state, followUp, { intent: ctx.intent, confidence: analysis.diagnosis.confidence }) };
    }
    const reply = this.diagnose(ctx, analysis.diagnosis.confidence, target.kind === 'ask' ? target.candidates : undefined);
    return { reply, ...(target.kind === 'probe' && reply.kind === 'answer' ? { probe: target.url } : {}) };
  }

  /** A button the person pressed. */
  onAction(state: SessionState, action: ParsedAction): Decision {
    switch (action.type) {
      case 'human':
        return this.handoffs.request(state);
      case 'back':
        return this.handoffs.close(state);
      case 'fact': {
        const allowed = this.kb.dialog.facts.get(action.fact)?.options.some((o) => o.value === action.value);
        if (!allowed) return { reply: this.problem(state, 'unknown_choice') };
        setFact(state, action.fact, action.value, 'button', BUTTON_STRENGTH);
        if (!state.asked.includes(action.fact)) state.asked.push(action.fact);
        delete state.pending;
        return { reply: this.diagnose(this.context(state, state.lastIntent ?? 'explain'), 1) };
      }
      case 'intent': {
        const message = state.unclearMessage;
        delete state.pending;
        delete state.unclearMessage;
        if (action.intent === 'human') return this.handoffs.request(state);
        if (message) {
          const analysis = this.diagnoser.analyze(message);
          learnFromMessage(state, analysis, this.kb, this.diagnoser.cues);
          state.topic = analysis.stems.slice(0, TOPIC_WORDS);
        }
        if (CONVERSATIONAL_INTENTS.includes(action.intent)) {
          const kind = action.intent === 'out_of_scope' ? 'out_of_scope' : 'smalltalk';
          return { reply: this.reply(state, 'answer', say(this.kb, kind, {}, state), { intent: action.intent }) };
        }
        return { reply: this.diagnose(this.context(state, action.intent), 1) };
      }
      case 'more': {
        const more = state.more;
        delete state.more;
        if (!more) return { reply: this.reply(state, 'answer', say(this.kb, 'no_more', {}, state), { actions: this.buttons.human() }) };
        return { reply: this.reply(state, 'answer', more, { actions: [...this.buttons.feedback(), ...this.buttons.human()] }) };
      }
      case 'feedback': {
        state.feedback.push({ reply: state.lastReply ?? '', value: action.value, at: this.now() });
        state.feedback.splice(0, Math.max(0, state.feedback.length - FEEDBACK_LIMIT));
        if (action.value === 'up') return { reply: this.reply(state, 'answer', say(this.kb, 'feedback_up', {}, state)) };
        return { reply: this.reply(state, 'answer', say(this.kb, 'feedback_down', {}, state), { actions: this.buttons.human() }) };
      }
      case 'rephrase':
        state.misunderstandings = 0;
        return { reply: this.reply(state, 'question', say(this.kb, 'rephrase_prompt', {}, state)) };
      case 'probe': {
        const pending = state.pending?.type === 'probe_target' ? state.pending : undefined;
        const picked = pending && pickProbeTarget(pending, action.choice);
        if (!picked) return { reply: this.problem(state, 'unknown_choice') };
        delete state.pending;
        if (picked.kind !== 'probe') return { reply: this.answer(state, say(this.kb, 'probe_skipped', {}, state), { intent: state.lastIntent ?? 'check_url' }) };
        setFact(state, 'url', picked.url, 'button', BUTTON_STRENGTH);
        // The answer is what the check sees; the runner writes it in front of this empty text.
        return { reply: this.reply(state, 'answer', '', { intent: state.lastIntent ?? 'check_url', actions: [...this.buttons.feedback(), ...this.buttons.human()] }), probe: picked.url };
      }
    }
  }

  /** The answer of a turn that asked for a probe, opened by what the live check saw. */
  afterProbe(state: SessionState, decision: Decision, url: string, findings: ProbeFindings): Reply {
    state.probed = { url, verdict: findings.verdict, at: this.now() };
    if (findings.vendor && findings.vendor !== 'unknown') setFact(state, 'vendor', findings.vendor, 'probe', PROBE_STRENGTH);
    if (findings.cause && findings.cause !== 'unknown') setFact(state, 'cause', findings.cause, 'probe', PROBE_STRENGTH);
    const seen = probeParagraph(findings, knownValue(state, 'role'), this.kb, { seesGatewayError: state.seesGatewayError ?? false });
    const { reply } = decision;
    return { ...reply, text: [seen, reply.text].filter(Boolean).join('\n\n'), diagnosis: this.sessionDiagnosis(state, reply.diagnosis), probe: findings };
  }

  /** The answer of a turn whose probe could not run. */
  probeFailed(state: SessionState, decision: Decision, url: string, reason: string): Reply {
    const { reply } = decision;
    return { ...reply, text: [say(this.kb, 'probe_failed', { url, reason }, state), reply.text].filter(Boolean).join('\n\n') };
  }

  /** A reply that says what went wrong with the person's input (an unknown button, an empty message). */
  problem(state: SessionState, kind: ResponseKind, text?: string): Reply {
    return this.reply(state, 'error', text ?? say(this.kb, kind, {}, state));
  }

  /** A progress note while a live check runs. */
  progress(state: SessionState, text: string): Reply {
    return this.reply(state, 'progress', text);
  }

  /** The turn's context for a question, read as the owner's or the visitor's question when the role is known. */
  private context(state: SessionState, asked: Intent): TurnContext {
    const role = knownValue(state, 'role');
    // An owner saying "my site is down" without an address to check wants it fixed; so does one who
    // sees the gateway's error page: their own requests reach their front server, the check only adds to that.
    const ownerCheck = asked === 'check_url' && (state.facts.url === undefined || state.seesGatewayError) ? 'owner_fix' : undefined;
    const reading = role === 'owner' ? (OWNER_READING[asked] ?? ownerCheck) : role === 'visitor' ? VISITOR_READING[asked] : undefined;
    return new TurnContext(this.kb, this.diagnoser, state, reading ?? asked, asked);
  }

  /** Answers the diagnostic question with everything the conversation knows, then asks at most one question. */
  private diagnose(ctx: TurnContext, confidence: number, askTarget?: readonly string[]): Reply {
    const { state, intent, article } = ctx;
    const role = knownValue(state, 'role');
    state.misunderstandings = 0;
    state.lastIntent = intent;
    if (!article) return this.reply(state, 'answer', say(this.kb, 'smalltalk', {}, state), { intent, confidence });
    state.lastArticle = article.meta.id;

    const composed = composeAnswer(ctx);
    // An answer written for a visitor or an owner is not followed by "is this your site?".
    if (!role && composed.as !== 'general') setFact(state, 'role', composed.as, 'assumed', ASSUMED_STRENGTH);
    if (composed.more) state.more = composed.more;
    else delete state.more;
    let text = composed.text;
    const actions: ReplyAction[] = [];
    const question = askTarget ? undefined : chooseQuestion(ctx, this.canProbe);
    if (askTarget) {
      const ask = askProbeTarget(this.kb, askTarget);
      text += `\n\n${ask.text}`;
      actions.push(...ask.actions);
      state.pending = { type: 'probe_target', candidates: [...askTarget] };
    } else if (question) {
      text += `\n\n${this.kb.dialog.facts.get(question)?.question ?? ''}`;
      actions.push(...this.buttons.factOptions(question));
      state.pending = { type: 'fact', fact: question };
      state.asked.push(question);
    } else if (state.asked.length >= MAX_QUESTIONS) {
      const sharper = this.stillUseful(state, article.meta.needs);
      if (sharper) text += `\n\n_${sharper}_`;
    }
    // The same steps again would bury what is new (a question): say that the answer stands.
    const body = fingerprint(composed.text);
    if (this.fitted(state, text) === state.lastReply) text = this.stillBest(state);
    else if (body === state.lastAnswerBody) text = `${this.stillBest(state)}${text.slice(composed.text.length)}`;
    state.lastAnswerBody = body;
    if (composed.more) actions.push(this.buttons.more());
    actions.push(...this.buttons.feedback(), ...this.buttons.human());
    return this.reply(state, 'answer', text, { intent, article: article.meta.id, confidence, actions });
  }

  /**
   * A short message updoc is unsure of, in a conversation it has already answered: the kind of
   * question it most likely asks about the same topic ("ok so what do i do"), else a remark that
   * changes nothing ("nordvpn", "python 3.12"). Outside a conversation, it is not understood.
   */
  private readInContext(state: SessionState, analysis: Analysis): Intent | 'nothing_new' | undefined {
    if (!state.lastArticle || analysis.stems.length > SHORT_MESSAGE_WORDS) return undefined;
    const intent = analysis.diagnosis.intent;
    return ANSWERED_IN_CONTEXT.includes(intent) ? intent : 'nothing_new';
  }

  /** Said instead of the same answer again; a visitor has no server log to offer. */
  private stillBest(state: SessionState): string {
    return say(this.kb, knownValue(state, 'role') === 'visitor' ? 'still_best_visitor' : 'still_best', {}, state);
  }

  /** A short answer of its own (a follow-up, where a log is), with the usual feedback buttons. */
  private answer(state: SessionState, text: string, extra: { intent: Intent; confidence?: number }): Reply {
    state.misunderstandings = 0;
    const reply = this.fitted(state, text) === state.lastReply ? this.stillBest(state) : text;
    return this.reply(state, 'answer', reply, {
      ...extra,
      ...(state.lastArticle ? { article: state.lastArticle } : {}),
      actions: [...this.buttons.feedback(), ...this.buttons.human()],
    });
  }

  private misunderstood(state: SessionState, analysis: Analysis, certainty: Analysis['certainty']): Reply {
    state.misunderstandings += 1;
    const { intent, confidence } = analysis.diagnosis;
    if (state.misunderstandings >= 2) {
      return this.reply(state, 'question', say(this.kb, 'offer_human', {}, state), {
        intent,
        confidence,
        actions: [...this.buttons.human(), this.buttons.rephrase()],
      });
    }
    if (certainty === 'ambiguous') {
      const options = analysis.intents.slice(0, 2).map((s) => s.intent);
      state.pending = { type: 'intent', options };
      state.unclearMessage = analysis.text.original.slice(0, 4_000);
      return this.reply(state, 'question', say(this.kb, 'choose', {}, state), { intent, confidence, actions: this.buttons.intentOptions(options) });
    }
    return this.reply(state, 'question', say(this.kb, 'rephrase', {}, state), { intent, confidence, actions: this.buttons.human() });
  }

  /** After the question budget is spent: what the person could still tell to sharpen the answer. */
  private stillUseful(state: SessionState, needs: readonly Fact[]): string | undefined {
    const missing = needs.filter((fact) => state.facts[fact] === undefined).map((fact) => this.kb.dialog.facts.get(fact)?.wanted);
    const named = missing.filter((text): text is string => Boolean(text));
    return named.length ? say(this.kb, 'sharpen', { missing: named.join(', or ') }, state) : undefined;
  }

  reply(
    state: SessionState,
    kind: ReplyKind,
    text: string,
    extra: { intent?: Intent; article?: string; confidence?: number; actions?: ReplyAction[] } = {},
  ): Reply {
    return { kind, text: this.fitted(state, text), actions: extra.actions ?? [], diagnosis: this.sessionDiagnosis(state, extra) };
  }

  /** The text as the person reads it: their own PHP version wherever the knowledge names an example one. */
  private fitted(state: SessionState, text: string): string {
    return state.phpVersion ? fitPhpVersion(text, state.phpVersion, state.evidence.map((e) => e.excerpt)) : text;
  }

  /** What the whole conversation has established, in taxonomy ids. */
  private sessionDiagnosis(state: SessionState, extra: { intent?: Intent; article?: string | null; confidence?: number }): Diagnosis {
    const vendorId = knownValue(state, 'vendor');
    return {
      intent: extra.intent ?? state.lastIntent ?? state.lastDiagnosis?.intent ?? 'smalltalk',
      vendor: (vendorId && this.kb.vendors.get(vendorId)?.reportsAs) || 'unknown',
      upstream: (knownValue(state, 'upstream') as Upstream | undefined) ?? 'unknown',
      cause: (knownValue(state, 'cause') as Cause | undefined) ?? 'unknown',
      article: extra.article ?? null,
      confidence: Math.round((extra.confidence ?? state.lastDiagnosis?.confidence ?? 0) * 1000) / 1000,
    };
  }
}
