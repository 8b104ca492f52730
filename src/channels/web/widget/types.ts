/** The chat API's shapes, as far as the widget reads them (shared/spec/contract.md). */

export type ReplyKind = 'answer' | 'question' | 'progress' | 'handoff' | 'error';

export interface ReplyAction {
  id: string;
  label: string;
  role: 'choice' | 'feedback' | 'handoff' | 'more';
  sentiment?: 'up' | 'down';
}

export interface Reply {
  kind: ReplyKind;
  text: string;
  actions: ReplyAction[];
}

export interface StoredMessage {
  from: 'person' | 'bot';
  text: string;
  kind?: ReplyKind;
  actions?: ReplyAction[];
}

export type TurnInput = { text: string } | { action: string };
