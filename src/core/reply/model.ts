import type { Diagnosis } from '../diagnose.js';

export type ReplyKind = 'answer' | 'question' | 'progress' | 'handoff' | 'error';

/**
 * What a button does, so that channels can show kinds apart without reading ids: an answer to
 * updoc's question (choice), a thumbs up or down (feedback), a request for a person (handoff),
 * the end of a handoff (back to the bot), or the rest of a long answer (more).
 */
export type ActionRole = 'choice' | 'feedback' | 'handoff' | 'back' | 'more';

export interface ReplyAction {
  /** Sent back as `{"action": id}` when the person presses the button. */
  id: string;
  label: string;
  role: ActionRole;
  /** Feedback buttons only: which thumb. */
  sentiment?: 'up' | 'down';
  /**
   * A request for a person that the support team can answer: a channel that does not know who
   * the person is (the widget) may ask for an email address to send with it.
   */
  asksContact?: boolean;
}

/** A live check's progress in plain words: what it looks at, and each step done, failed or under way. */
export interface Checklist {
  title: string;
  items: { label: string; state: 'done' | 'failed' | 'running' }[];
}

/** The platform-neutral reply every channel renders (shared/spec/contract.md). */
export interface Reply {
  kind: ReplyKind;
  /** Plain text with light markdown: **bold**, lists, `code`. */
  text: string;
  actions: ReplyAction[];
  diagnosis: Diagnosis;
  /** A live probe's report, when the reply is about one. */
  probe?: unknown;
  /** A progress reply of a live check: its steps as a short checklist, for channels that can show one. */
  checklist?: Checklist;
  /** The conversation's handoff after this reply: open (a person from the support team answers here) or closed. */
  handoff?: 'open' | 'closed';
}
