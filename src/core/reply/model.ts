import type { Diagnosis } from '../diagnose.js';

export type ReplyKind = 'answer' | 'question' | 'progress' | 'handoff' | 'error';

export interface ReplyAction {
  /** Sent back as `{"action": id}` when the person presses the button. */
  id: string;
  label: string;
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
