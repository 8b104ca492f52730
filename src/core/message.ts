import { extractEvidence } from './evidence/extract.js';
import type { SignatureMatcher } from './evidence/signature-matcher.js';
import type { Evidence } from './evidence/types.js';
import { prepareText, type PreparedText } from './text/prepare.js';
import { readStructure, type EvidenceSpan, type MessageStructure } from './text/structure.js';

/** A message as the brain reads it: normalised text, the evidence in it, and its structure. */
export interface ReadMessage {
  text: PreparedText;
  evidence: Evidence;
  structure: MessageStructure;
}

const SPAN_KINDS: Record<string, EvidenceSpan['kind'] | undefined> = { page: 'page', log: 'log', header: 'headers' };

export function readMessage(message: string, matcher: SignatureMatcher): ReadMessage {
  const text = prepareText(message);
  const evidence = extractEvidence(text.scan, matcher);
  const spans = evidence.hits.flatMap((hit) => {
    const kind = SPAN_KINDS[hit.signature.kind];
    return kind ? [{ start: hit.start, end: hit.end, kind }] : [];
  });
  return { text, evidence, structure: readStructure(text.scan, spans) };
}
