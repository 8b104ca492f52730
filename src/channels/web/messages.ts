import type { TranscriptEntry } from '../../core/dialog/state.js';
import type { OutOfTurnMessage } from '../../core/ports.js';
import type { ReplyAction, ReplyKind } from '../../core/reply/model.js';

/** A message of a conversation as the chat API shows it: restored, or pushed live. */
export interface ApiMessage {
  from: 'person' | 'bot' | 'staff';
  text: string;
  kind?: ReplyKind;
  actions?: ReplyAction[];
  /** A staff member's name, on their messages. */
  author?: string;
  /** Messages that reached the person outside their turns are numbered, so a live view skips what it has. */
  seq?: number;
}

export function fromTranscript(entry: TranscriptEntry): ApiMessage {
  return {
    from: entry.from,
    text: entry.text,
    ...(entry.kind ? { kind: entry.kind } : {}),
    ...(entry.actions ? { actions: entry.actions } : {}),
    ...(entry.author ? { author: entry.author } : {}),
    ...(entry.seq !== undefined ? { seq: entry.seq } : {}),
  };
}

export function fromOutOfTurn(message: OutOfTurnMessage): ApiMessage {
  if (message.from === 'staff') return { from: 'staff', text: message.text, author: message.author, seq: message.seq };
  const { kind, text, actions } = message.reply;
  return { from: 'bot', text, kind, actions, seq: message.seq };
}
