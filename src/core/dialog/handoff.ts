import type { KnowledgeBase, ResponseKind } from '../knowledge/types.js';
import type { DeskNote, HandoffReach } from '../ports.js';
import type { Reply, ReplyAction, ReplyKind } from '../reply/model.js';
import type { Intent } from '../taxonomy.js';
import type { buttons, ParsedAction } from './actions.js';
import { say } from './responses.js';
import type { SessionState } from './state.js';

export interface HandoffSetup {
  reach: HandoffReach;
  /** SUPPORT_CONTACT: how people reach support without updoc (an email address or a URL). */
  contact?: string;
}

/** What a handoff rule decided: the reply, and what the staff are told. */
export interface HandoffStep {
  reply: Reply;
  relay?: DeskNote;
}

type Buttons = ReturnType<typeof buttons>;
type MakeReply = (state: SessionState, kind: ReplyKind, text: string, extra?: { intent?: Intent; actions?: ReplyAction[] }) => Reply;

/** Buttons that keep working while staff have the conversation. */
const ANSWERED_DURING_HANDOFF: readonly ParsedAction['type'][] = ['back', 'human', 'feedback'];

/**
 * Requests for a person, and the conversation while staff have it. updoc promises only what the
 * configured reach delivers: an answer in the chat when staff answer there, the packet when they
 * only receive it, and otherwise how to reach support. A conversation is handed over once (and
 * only with something to hand over); while its handoff is open the bot stays quiet: what the
 * person writes goes to the staff, and buttons other than "Back to the bot" are put off.
 */
export class HandoffRules {
  constructor(
    private readonly kb: KnowledgeBase,
    private readonly setup: HandoffSetup,
    private readonly buttons: Buttons,
    private readonly reply: MakeReply,
  ) {}

  /** "Talk to a person", typed or pressed. */
  request(state: SessionState): HandoffStep {
    delete state.pending;
    const { reach } = this.setup;
    if (reach === 'none') return this.say(state, `${this.text(state, 'no_handoff')} ${this.reachSupport(state)}`);
    if (state.handoff?.open) return this.say(state, this.text(state, 'already_handed_off'), [this.buttons.back()]);
    if (state.handoff) {
      state.handoff.open = true;
      return { ...this.say(state, this.text(state, 'handoff_reopened'), [this.buttons.back()]), relay: { type: 'asked_again' } };
    }
    if (state.handedOff) return this.say(state, this.text(state, 'already_handed_off'));
    if (!state.transcript.slice(0, -1).some((t) => t.from === 'person' && !t.text.startsWith('[button] '))) {
      return this.say(state, this.text(state, 'tell_me_first'));
    }
    state.handedOff = true;
    if (reach === 'conversation') {
      state.handoff = { open: true, joined: [], seq: 0 };
      return this.say(state, this.text(state, 'handoff'), [this.buttons.back()]);
    }
    const email = state.contact?.email;
    const after = email ? say(this.kb, 'reach_by_email', { email }, state) : this.reachSupport(state);
    return this.say(state, `${this.text(state, 'handoff_forwarded')} ${after}`);
  }

  /**
   * While a handoff is open: a message goes to the staff with a short receipt, a button is put
   * off. Undefined when updoc answers as usual.
   */
  duringHandoff(state: SessionState, input: { text: string } | { action: ParsedAction }): HandoffStep | undefined {
    const handoff = state.handoff;
    if (!handoff?.open) return undefined;
    if ('action' in input) {
      return ANSWERED_DURING_HANDOFF.includes(input.action.type) ? undefined : this.say(state, this.text(state, 'handoff_open'), [this.buttons.back()]);
    }
    const name = handoff.joined.at(-1);
    const receipt = name ? say(this.kb, 'handoff_relayed_joined', { name }, state) : this.text(state, 'handoff_relayed');
    return { ...this.say(state, receipt, [this.buttons.back()]), relay: { type: 'message', text: input.text } };
  }

  /** "Back to the bot": the staff are told, and updoc answers again. */
  close(state: SessionState): HandoffStep {
    const wasOpen = state.handoff?.open === true;
    if (state.handoff) state.handoff.open = false;
    const reply = this.reply(state, 'answer', this.text(state, 'handoff_closed'), { intent: 'human', actions: this.buttons.human() });
    return wasOpen ? { reply, relay: { type: 'returned_to_bot' } } : { reply };
  }

  /** A staff member's first message in this conversation: the person learns who has joined. */
  joined(state: SessionState, name: string): Reply | undefined {
    if (!state.handoff || state.handoff.joined.includes(name)) return undefined;
    state.handoff.joined.push(name);
    return this.reply(state, 'handoff', say(this.kb, 'staff_joined', { name }), { intent: 'human', actions: [this.buttons.back()] });
  }

  /** The person's message could not be passed on to the staff: they are told to send it again. */
  relayFailed(state: SessionState): Reply {
    return this.reply(state, 'error', this.text(state, 'handoff_relay_failed'), { intent: 'human', actions: [this.buttons.back()] });
  }

  private reachSupport(state: SessionState): string {
    const contact = this.setup.contact;
    return contact ? say(this.kb, 'reach_support', { contact }, state) : this.text(state, 'reach_support_unknown');
  }

  private text(state: SessionState, kind: ResponseKind): string {
    return say(this.kb, kind, {}, state);
  }

  private say(state: SessionState, text: string, actions: ReplyAction[] = []): HandoffStep {
    return { reply: this.reply(state, 'handoff', text, { intent: 'human', actions }) };
  }
}
