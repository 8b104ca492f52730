/** The chat API's shapes, as far as the widget reads them (shared/spec/contract.md). */

export type ReplyKind = 'answer' | 'question' | 'progress' | 'handoff' | 'error';

export interface ReplyAction {
  id: string;
  label: string;
  role: 'choice' | 'feedback' | 'handoff' | 'back' | 'more';
  sentiment?: 'up' | 'down';
  /** A request for a person the support team may answer: the widget may ask for an email first. */
  asksContact?: boolean;
}

/** A live check's progress in plain words. */
export interface Checklist {
  title: string;
  items: { label: string; state: 'done' | 'failed' | 'running' }[];
}

export interface Reply {
  kind: ReplyKind;
  text: string;
  actions: ReplyAction[];
  checklist?: Checklist;
  /** The conversation's handoff after this reply: while open, staff replies arrive on their own. */
  handoff?: 'open' | 'closed';
}

export interface StoredMessage {
  from: 'person' | 'bot' | 'staff';
  text: string;
  kind?: ReplyKind;
  actions?: ReplyAction[];
  /** A staff member's name. */
  author?: string;
  /** Messages outside the person's turns are numbered. */
  seq?: number;
}

export interface StoredConversation {
  messages: StoredMessage[];
  handoff: 'open' | 'closed' | null;
}

export interface Contact {
  email?: string;
  name?: string;
}

export type TurnInput = ({ text: string } | { action: string }) & { contact?: Contact };
