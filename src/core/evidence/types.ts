import type { CompiledSignature } from '../knowledge/types.js';

export interface EvidenceHit {
  signature: CompiledSignature;
  /** The line of the message that matched, trimmed for quoting back. */
  excerpt: string;
  /** Named groups of the pattern (a peer address, a version, an error code). */
  groups: Record<string, string>;
  /** How sure this match makes us: the signature's weight, raised when the sentence blames the product. */
  weight: number;
  /** Where the match sits in the scanned text. */
  start: number;
  end: number;
}

export interface Evidence {
  hits: EvidenceHit[];
  /** HTTP status codes the message mentions (4xx and 5xx). */
  statuses: number[];
  /** URLs and bare host names the message mentions, outside log lines. */
  urls: string[];
  hosts: string[];
  /** Product names the message denies ("not using Heroku"): no evidence, and no search words either. */
  denied: string[];
}
