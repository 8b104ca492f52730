import type { Analysis } from '../diagnose.js';
import type { EvidenceHit } from '../evidence/types.js';
import type { Fact } from '../knowledge/schema.js';
import type { FactPattern, KnowledgeBase } from '../knowledge/types.js';
import type { Intent } from '../taxonomy.js';
import { EVIDENCE_LIMIT, type FactSource, type KnownFact, type SessionState } from './state.js';

/** A button press is the person's own word: stronger than anything read from text. */
export const BUTTON_STRENGTH = 1;
const ANSWER_STRENGTH = 0.9;
const DETECTED_STRENGTH = 0.8;
const INFERRED_STRENGTH = 0.6;

const ROLE_BY_INTENT: Partial<Record<Intent, 'owner' | 'visitor'>> = {
  owner_fix: 'owner',
  visitor_fix: 'visitor',
  whose_fault: 'visitor',
};

/** Records a fact unless a stronger source already established another value. */
export function setFact(state: SessionState, fact: Fact, value: string, source: FactSource, strength: number): boolean {
  const known = state.facts[fact];
  if (known && known.strength > strength) return false;
  state.facts[fact] = { value, source, strength } satisfies KnownFact;
  return true;
}

function firstMatch(patterns: readonly FactPattern[], text: string): string | undefined {
  return patterns.find((p) => p.regex.test(text))?.value;
}

export function meansOf(hit: EvidenceHit): string {
  return hit.signature.means.replace(/\{(\w+)\}/g, (whole, name: string) => hit.groups[name] ?? 'it');
}

/** Evidence lines worth quoting back, strongest first, without repeating a line. */
function rememberEvidence(state: SessionState, hits: readonly EvidenceHit[]): void {
  const quotable = hits
    .filter((h) => h.signature.kind !== 'mention' || h.signature.cause)
    .sort((a, b) => Number(Boolean(b.signature.cause)) - Number(Boolean(a.signature.cause)) || b.signature.weight - a.signature.weight);
  for (const hit of quotable) {
    if (state.evidence.some((e) => e.excerpt === hit.excerpt)) continue;
    state.evidence.unshift({ excerpt: hit.excerpt, means: meansOf(hit), kind: hit.signature.kind });
  }
  state.evidence.splice(EVIDENCE_LIMIT);
}

/**
 * Learns what a message establishes: the answer to a pending question, facts stated in passing,
 * and the vendor, app server, cause and URL its evidence shows. Returns whether the pending
 * question was answered.
 */
export function learnFromMessage(state: SessionState, analysis: Analysis, kb: KnowledgeBase): boolean {
  const text = analysis.text.scan;
  let answered = false;
  const pending = state.pending?.type === 'fact' ? state.pending.fact : undefined;

  if (pending) {
    const rules = kb.dialog.facts.get(pending);
    const value = rules && (firstMatch(rules.answers, text) ?? firstMatch(rules.detect, text));
    if (value) answered = setFact(state, pending, value, 'text', ANSWER_STRENGTH) || answered;
  }
  for (const [fact, rules] of kb.dialog.facts) {
    const value = firstMatch(rules.detect, text);
    if (value) setFact(state, fact, value, 'text', DETECTED_STRENGTH);
  }

  const { resolved, evidence } = analysis;
  if (resolved.vendor) setFact(state, 'vendor', resolved.vendor.value, 'text', resolved.vendor.score);
  if (resolved.upstream) setFact(state, 'upstream', resolved.upstream.value, 'text', resolved.upstream.score);
  if (resolved.cause) setFact(state, 'cause', resolved.cause.value, 'text', resolved.cause.score);
  const url = evidence.urls[0] ?? evidence.hosts[0];
  if (url) setFact(state, 'url', url, 'text', DETECTED_STRENGTH);

  if (evidence.hits.some((h) => h.signature.kind === 'log')) setFact(state, 'role', 'owner', 'text', DETECTED_STRENGTH);
  const inferredRole = ROLE_BY_INTENT[analysis.diagnosis.intent];
  if (inferredRole && analysis.certainty === 'clear') setFact(state, 'role', inferredRole, 'text', INFERRED_STRENGTH);

  rememberEvidence(state, evidence.hits);
  if (pending) {
    answered ||= Boolean(state.facts[pending]);
    // Whatever was said, the question has had its turn: it is never asked again.
    delete state.pending;
  }
  return answered;
}
