import type { KnowledgeBase } from '../knowledge/types.js';
import { LAYERS } from '../knowledge/schema.js';
import type { Cause, Upstream } from '../taxonomy.js';
import type { Evidence, EvidenceHit } from './types.js';

/** Below this, evidence is too weak to name a label: the honest answer is "unknown". */
export const CLAIM_THRESHOLD = 0.5;
/** Vendors this close to the strongest are "also strong": the outermost of them reported the error. */
const OUTERMOST_MARGIN = 0.25;
/** A named app server this sure replaces the generic "container" reading. */
const NAMED_SERVER = 0.6;
/** A second, different piece of evidence for the same label adds this much confidence. */
const CORROBORATION_BONUS = 0.04;

export interface LabelDecision<T extends string> {
  value: T;
  score: number;
  /** Shown by an error page, a header or a log line, not only by a name in a sentence. */
  direct: boolean;
  /** The strongest piece of evidence behind the value. */
  evidence: EvidenceHit;
}

export interface ResolvedEvidence {
  /** Vendor as the knowledge base names it (possibly a finer, project-defined id). */
  vendor?: LabelDecision<string>;
  upstream?: LabelDecision<Upstream>;
  cause?: LabelDecision<Cause>;
  /** Other candidates, strongest first, for follow-up questions ("nginx or Cloudflare?"). */
  vendorCandidates: LabelDecision<string>[];
  causeCandidates: LabelDecision<Cause>[];
}

function rank<T extends string>(hits: EvidenceHit[], label: (hit: EvidenceHit) => T | undefined): LabelDecision<T>[] {
  const byValue = new Map<T, EvidenceHit[]>();
  for (const hit of hits) {
    const value = label(hit);
    if (!value) continue;
    const list = byValue.get(value) ?? [];
    list.push(hit);
    byValue.set(value, list);
  }
  const decisions: LabelDecision<T>[] = [];
  for (const [value, list] of byValue) {
    list.sort((a, b) => b.weight - a.weight);
    const best = list[0] as EvidenceHit;
    const kinds = new Set(list.map((h) => h.signature.kind)).size;
    const score = Math.min(0.99, best.weight + CORROBORATION_BONUS * (Math.min(list.length, kinds + 1) - 1));
    decisions.push({ value, score, evidence: best, direct: list.some((h) => h.signature.kind !== 'mention') });
  }
  return decisions.sort((a, b) => b.score - a.score);
}

/** Decides vendor, upstream and cause from the evidence, claiming nothing the evidence does not show. */
export function resolveEvidence(evidence: Evidence, kb: KnowledgeBase): ResolvedEvidence {
  const vendorCandidates = rank(evidence.hits, (h) => h.signature.vendor).filter((d) => d.score >= CLAIM_THRESHOLD);
  const causeCandidates = rank(evidence.hits, (h) => h.signature.cause).filter((d) => d.score >= CLAIM_THRESHOLD);
  const upstreams = rank(evidence.hits, (h) => h.signature.upstream).filter((d) => d.score >= CLAIM_THRESHOLD);

  const layerOf = (id: string) => LAYERS.indexOf(kb.vendors.get(id)?.layer ?? 'proxy');
  // A product merely named never outranks a page, header or log line that shows who answered,
  // unless it is a layer known to serve such pages itself.
  const shown = vendorCandidates.filter((d) => d.direct);
  const servesShown = (d: LabelDecision<string>) =>
    kb.vendors.get(d.value)?.servesPagesOf.some((id) => shown.some((s) => s.value === id)) ?? false;
  const pool = shown.length > 0 ? vendorCandidates.filter((d) => d.direct || servesShown(d)) : vendorCandidates;
  const top = pool[0];
  const vendor = top
    ? pool
        .filter((d) => d.score >= top.score - OUTERMOST_MARGIN)
        .sort((a, b) => layerOf(a.value) - layerOf(b.value) || b.score - a.score)[0]
    : undefined;

  // "A container" is the generic answer: a named app server running inside it is the more useful
  // one, when it is named clearly (a self-hosted product's name alone does not name its server).
  const topUpstream = upstreams[0];
  const upstream = topUpstream
    ? (upstreams.find((d) => d.value !== 'container' && d.score >= NAMED_SERVER && d.score >= topUpstream.score - 0.2) ?? topUpstream)
    : undefined;

  return {
    ...(vendor ? { vendor } : {}),
    ...(upstream ? { upstream } : {}),
    ...(causeCandidates[0] ? { cause: causeCandidates[0] } : {}),
    vendorCandidates,
    causeCandidates,
  };
}
