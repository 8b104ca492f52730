import type { Diagnosis } from '../diagnose.js';

export type ReplyKind = 'answer' | 'question' | 'progress' | 'handoff' | 'error';

/**
 * What a button does, so that channels can show kinds apart without reading ids: an answer to
 * updoc's question (choice), a thumbs up or down (feedback), a request for a person (handoff),
 * or the rest of a long answer (more).
 */
export type ActionRole = 'choice' | 'feedback' | 'handoff' | 'more';

export interface ReplyAction {
  /** Sent back as `{"action": id}` when the person presses the button. */
  id: string;
  label: string;
  role: ActionRole;
  /** Feedback buttons only: which thumb. */
  sentiment?: 'up' | 'down';
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
}
