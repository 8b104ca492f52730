/**
 * What the core needs from the outside world, as the core sees it. The live probe (src/probe/)
 * and the screenshot reader (src/vision/) implement these; tests may pass local implementations.
 */
import type { PersonContact } from './dialog/state.js';
import type { Reply } from './reply/model.js';

export interface ScreenshotText {
  /** The page's words as read (and OCR-corrected): read by the same evidence extraction as text. */
  text: string;
  /** How sure the recogniser was of those words, 0..1 (a photo of a screen reads far less surely). */
  confidence?: number;
}

export interface ScreenshotReaderPort {
  /** `requester`: who sent it, so one person's screenshots cannot hold up everyone else's. */
  read(image: Buffer, options?: { filename?: string; requester?: string }): Promise<ScreenshotText>;
}

/** A screenshot that cannot be read, with a message for the person ("That file is a GIF…"). */
export interface ReadableError {
  message: string;
  code?: string;
}

export interface ProbeStep {
  step: string;
  ok: boolean;
  detail: string;
}

/** What a live probe concluded (shared/spec/contract.md, `updoc probe`). */
export const PROBE_VERDICTS = [
  'up', 'gateway_error', 'http_error', 'timeout', 'refused', 'dns_failure', 'tls_failure', 'blocked', 'invalid_url',
] as const;
export type ProbeVerdict = (typeof PROBE_VERDICTS)[number];

/**
 * What the probe's own DNS lookup found. `nxdomain`: the name does not exist; `no_address`: it
 * exists without an address; `resolver_failure`: updoc's resolver failed or timed out, which says
 * nothing about the site; `not_looked_up`: an address was given, or the probe never ran.
 */
export const DNS_OUTCOMES = ['resolved', 'nxdomain', 'no_address', 'resolver_failure', 'not_looked_up'] as const;
export type DnsOutcome = (typeof DNS_OUTCOMES)[number];

/** The parts of a live probe's report the conversation reads; the whole report travels in the reply. */
export interface ProbeFindings {
  url: string;
  verdict: ProbeVerdict;
  status: number | null;
  vendor: string;
  cause: string;
  dns: DnsOutcome;
  /** steady: every attempt ended alike; intermittent: they differed; null: nothing ran. */
  pattern: 'steady' | 'intermittent' | null;
  /** Why the probe stopped short (a refusal's reason, a connection error), if it did. */
  error: string | null;
  summary: string;
}

export interface ProberPort {
  probe(url: string, options?: { onProgress?: (step: ProbeStep) => void; requester?: string }): Promise<ProbeFindings>;
}

/** One turn as analytics sees it: what was asked, what updoc made of it, whether it could answer. */
export interface TurnRecord {
  at: number;
  sessionId: string;
  /** What the person typed, capped: the only personal data kept. */
  text: string;
  kind: string;
  intent: string;
  vendor: string;
  upstream: string;
  cause: string;
  article: string | null;
  confidence: number;
  /** updoc could not answer: it asked to rephrase, offered a person, or had no article. */
  unanswered: boolean;
  /** The site's host, when the conversation named one. */
  host?: string;
}

export interface FeedbackRecord {
  at: number;
  sessionId: string;
  value: 'up' | 'down';
  /** The answer the thumbs were about. */
  reply: string;
  article: string | null;
}

/** What a person taking over receives: the whole conversation and what updoc found. */
export interface HandoffPacket {
  at: number;
  sessionId: string;
  transcript: { from: 'person' | 'bot' | 'staff'; text: string; at: number }[];
  diagnosis: { intent: string; vendor: string; upstream: string; cause: string; article: string | null; confidence: number };
  probe?: { url: string; verdict: string; at: number };
  /** How to reach the person, when they gave it (the widget's email). */
  contact?: PersonContact;
}

/**
 * Who a request for a person reaches, as configured: nobody (updoc says how to contact support
 * instead), people who get the packet but cannot answer in the chat (a webhook), or people who
 * answer in the conversation itself (a Slack support thread, through `Bot.staffMessage`).
 */
export type HandoffReach = 'none' | 'packet' | 'conversation';

/** What the person's side of an open handoff tells the staff. */
export type DeskNote = { type: 'message'; text: string } | { type: 'returned_to_bot' } | { type: 'asked_again' };

/** The staff's side of a handoff (the support thread): hears what the person writes while it is open. */
export interface StaffDesk {
  /** Resolves once passed on, or kept for the thread that is still to be opened; rejects when it could not be. */
  tell(sessionId: string, note: DeskNote): Promise<void>;
}

/** A message for the person outside their own turns: a staff member's words, or updoc's note ("Alex joined"). */
export type OutOfTurnMessage = { from: 'staff'; author: string; text: string; seq: number } | { from: 'bot'; reply: Reply; seq: number };

export interface OutOfTurnDelivery {
  sessionId: string;
  /** Who asked for the person, as their channel names them (a Discord user to message directly). */
  requester?: string;
  messages: OutOfTurnMessage[];
}

/** Shows out-of-turn messages where the person's conversation lives (the widget, a Slack thread, Discord). */
export interface PersonOutlet {
  /** Rejects, with a reason for the staff, when the person cannot be reached. */
  deliver(delivery: OutOfTurnDelivery): Promise<void>;
}

/**
 * Where turns, feedback and handoffs are recorded (durably, before the person is answered).
 * Feedback on an answer already rated in its conversation is not recorded again.
 */
export interface ActivityLog {
  recordTurn(record: TurnRecord): Promise<void>;
  recordFeedback(record: FeedbackRecord): Promise<void>;
  /** `from.requester`: who asked, for a limit of handoffs per person (refused with a RecordRefused). */
  recordHandoff(packet: HandoffPacket, from?: { requester?: string }): Promise<void>;
}

/** A record the activity log declined on purpose; its message is written for the person. */
export class RecordRefused extends Error {
  override readonly name = 'RecordRefused';
}
