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

/** A site address written in a message: a URL, or a bare host name (with its port and path, if any). */
export interface AddressMention {
  /** A URL to check: as written, or https:// and the name for a bare host. */
  url: string;
  /** The host name, lower case. */
  host: string;
  /** Where it is written in the scanned text. */
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
  /** Every address in the message, log lines and pasted material included, in order. */
  addresses: AddressMention[];
}
