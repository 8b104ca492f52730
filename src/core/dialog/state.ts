import type { Diagnosis } from '../diagnose.js';
import type { Fact } from '../knowledge/schema.js';
import type { ReplyAction, ReplyKind } from '../reply/model.js';
import type { Intent } from '../taxonomy.js';
import type { PendingProbeTarget } from './probe-target.js';

/** Where a fact came from: the person's words, a button, a live check, a screenshot, or an answer that assumed it. */
export type FactSource = 'text' | 'button' | 'probe' | 'screenshot' | 'assumed';

export interface KnownFact {
  value: string;
  source: FactSource;
  /** How strongly the source showed it (evidence weight, 1 for a button). */
  strength: number;
}

/** A line of evidence worth quoting back: what the person sent and what it means. */
export interface QuotedEvidence {
  excerpt: string;
  means: string;
  kind: string;
  /** Typed or pasted text, or words read from a screenshot. */
  from: 'text' | 'screenshot';
  /** Quoted from the person's own sentence rather than from something they pasted. */
  inOwnWords?: boolean;
}

export type PendingQuestion = { type: 'fact'; fact: Fact } | { type: 'intent'; options: Intent[] } | PendingProbeTarget;

export interface TranscriptEntry {
  from: 'person' | 'bot' | 'staff';
  text: string;
  at: number;
  /** For updoc's messages: the reply kind and its buttons, so a channel can restore them. */
  kind?: ReplyKind;
  actions?: ReplyAction[];
  /** For a staff member's messages: the name the person sees. */
  author?: string;
  /** Messages that reached the person outside their own turns (staff replies, "joined"), numbered from 1. */
  seq?: number;
}

/** A handoff to staff who answer in the conversation itself (a support thread in Slack). */
export interface HandoffState {
  /** While open, what the person writes goes to the staff and updoc stays quiet. */
  open: boolean;
  /** Who asked, as their channel names them: where a staff reply is delivered when the conversation cannot be reached otherwise. */
  requester?: string;
  /** The staff members who have written so far, by the name the person sees. */
  joined: string[];
  /** The last number given to a message outside the person's turns. */
  seq: number;
}

/** How the support team can reach the person after they leave (an email the widget took). */
export interface PersonContact {
  email?: string;
  name?: string;
}

export interface SessionState {
  id: string;
  createdAt: number;
  updatedAt: number;
  facts: Partial<Record<Fact, KnownFact>>;
  evidence: QuotedEvidence[];
  asked: Fact[];
  pending?: PendingQuestion;
  /** Consecutive turns updoc did not understand: the second one offers a person. */
  misunderstandings: number;
  lastIntent?: Intent;
  lastArticle?: string;
  lastDiagnosis?: Diagnosis;
  /** The rest of the last article, sent when the person asks for more. */
  more?: string;
  /** The words of the question being answered, for re-answering after a button press. */
  topic: string[];
  /** A message whose meaning updoc asked the person to pick. */
  unclearMessage?: string;
  lastReply?: string;
  /** The last full answer's body (`fingerprint`): the same answer is not given in full twice in a row. */
  lastAnswerBody?: string;
  handedOff: boolean;
  /** The person has shown or named a gateway error from the site themselves (a live check never contradicts it). */
  seesGatewayError?: boolean;
  /** The handoff, once staff can answer in the conversation. */
  handoff?: HandoffState;
  contact?: PersonContact;
  /** The PHP version the person named ("upgraded to php 8.3"): the one answers write in paths and service names. */
  phpVersion?: string;
  /** The last live check of the site. */
  probed?: { url: string; verdict: string; at: number };
  transcript: TranscriptEntry[];
  feedback: { reply: string; value: 'up' | 'down'; at: number }[];
}

export const TRANSCRIPT_LIMIT = 60;
export const EVIDENCE_LIMIT = 6;

export function newSession(id: string, now: number): SessionState {
  return {
    id,
    createdAt: now,
    updatedAt: now,
    facts: {},
    evidence: [],
    asked: [],
    topic: [],
    misunderstandings: 0,
    handedOff: false,
    transcript: [],
    feedback: [],
  };
}
