import type { Analysis } from '../diagnose.js';
import type { EvidenceHit } from '../evidence/types.js';
import type { Fact } from '../knowledge/schema.js';
import type { FactPattern, KnowledgeBase } from '../knowledge/types.js';
import type { Intent } from '../taxonomy.js';
import type { FactCues } from '../text/fact-cues.js';
import { statedPhpVersion } from './stated-version.js';
import { EVIDENCE_LIMIT, type FactSource, type KnownFact, type QuotedEvidence, type SessionState } from './state.js';

/** A button press is the person's own word: stronger than anything read from text. */
export const BUTTON_STRENGTH = 1;
const ANSWER_STRENGTH = 0.9;
const DETECTED_STRENGTH = 0.8;
const INFERRED_STRENGTH = 0.6;
/** The role classifier's reading of the whole message: below the phrases that state the role outright. */
const CLASSIFIED_STRENGTH = 0.75;

/** Visitors ask about their own device or what they can do: that alone says who they are. */
const VISITOR_INTENTS: readonly Intent[] = ['visitor_fix', 'whose_fault'];

/** Records a fact unless a stronger source already established it; true when it was taken. */
export function setFact(state: SessionState, fact: Fact, value: string, source: FactSource, strength: number): boolean {
  const known = state.facts[fact];
  if (known && known.strength > strength) return known.value === value;
  state.facts[fact] = { value, source, strength } satisfies KnownFact;
  return true;
}

function firstMatch(patterns: readonly FactPattern[], text: string): string | undefined {
  return patterns.find((p) => p.regex.test(text))?.value;
}

export function meansOf(hit: EvidenceHit): string {
  return hit.signature.means.replace(/\{(\w+)\}/g, (whole, name: string) => hit.groups[name] ?? 'it');
}

/** What makes a piece of pasted evidence worth quoting: it names a cause, then an app server, then a page or header. */
function quoteValue(hit: EvidenceHit): number {
  const s = hit.signature;
  return (s.cause ? 4 : 0) + (s.upstream ? 2 : 0) + (s.kind === 'page' || s.kind === 'header' ? 1 : 0) + s.weight;
}

function quoteTopic(hit: EvidenceHit): string {
  const s = hit.signature;
  return s.cause ? `cause:${s.cause}` : s.upstream ? `upstream:${s.upstream}` : `vendor:${s.vendor ?? s.id}`;
}

/**
 * Evidence worth quoting back, most telling first; the newest message's evidence leads. Only what
 * was pasted or shown (a page, a header, a log line), one quote per line: a product the person
 * named is their own word. Inside the person's own sentence only the matched words are quoted.
 */
function rememberEvidence(state: SessionState, analysis: Analysis, from: QuotedEvidence['from']): void {
  const { hits } = analysis.evidence;
  const own = analysis.structure.ownLines;
  const lineOf = (hit: EvidenceHit) => analysis.text.scan.lastIndexOf('\n', hit.start);
  const quotable = hits
    .filter((h) => h.signature.kind !== 'mention')
    .sort((a, b) => quoteValue(b) - quoteValue(a))
    .filter((h, i, all) => all.findIndex((o) => quoteTopic(o) === quoteTopic(h) || lineOf(o) === lineOf(h)) === i)
    .map((h) => {
      const inOwnWords = own.some((line) => h.start >= line.start && h.end <= line.end);
      const excerpt = inOwnWords ? analysis.text.scan.slice(h.start, h.end).trim() : h.excerpt;
      return { excerpt, means: meansOf(h), kind: h.signature.kind, from, ...(inOwnWords ? { inOwnWords } : {}) };
    })
    .filter((q) => !state.evidence.some((e) => e.excerpt === q.excerpt));
  state.evidence.unshift(...quotable);
  state.evidence.splice(EVIDENCE_LIMIT);
}

export interface Learned {
  /** The message answered the question updoc had just asked. */
  answered: boolean;
  /** Facts the message stated (new, changed or confirmed). */
  facts: Fact[];
  /** Facts whose value the message changed or gave for the first time. */
  changed: Fact[];
}

/**
 * Learns what a message establishes: the answer to a pending question, facts stated in passing,
 * and the vendor, app server, cause and URL its evidence shows.
 */
export function learnFromMessage(state: SessionState, analysis: Analysis, kb: KnowledgeBase, cues: FactCues, from: QuotedEvidence['from'] = 'text'): Learned {
  const text = analysis.text.scan;
  const learned = new Set<Fact>();
  const before = new Map(Object.entries(state.facts).map(([fact, known]) => [fact, known?.value]));
  const set = (fact: Fact, value: string, strength: number) => {
    if (setFact(state, fact, value, from, strength)) learned.add(fact);
  };
  const pending = state.pending?.type === 'fact' ? state.pending.fact : undefined;

  if (pending) {
    const rules = kb.dialog.facts.get(pending);
    const value = rules && (firstMatch(rules.answers, text) ?? firstMatch(rules.detect, text));
    if (value) set(pending, value, ANSWER_STRENGTH);
  }
  // The first cue of each fact counts, as dialog.yaml orders them.
  const detected = new Set<Fact>();
  for (const { fact, pattern } of cues.matching(text)) {
    if (detected.has(fact)) continue;
    detected.add(fact);
    set(fact, pattern.value, DETECTED_STRENGTH);
  }

  const { resolved, evidence } = analysis;
  if (resolved.vendor) set('vendor', resolved.vendor.value, resolved.vendor.score);
  if (resolved.upstream) set('upstream', resolved.upstream.value, resolved.upstream.score);
  if (resolved.cause) set('cause', resolved.cause.value, resolved.cause.score);

  if (evidence.hits.some((h) => h.signature.kind === 'log')) set('role', 'owner', DETECTED_STRENGTH);
  // Who is asking, read from the whole message, as sure as the role classifier is.
  if (analysis.role.role) set('role', analysis.role.role, Math.min(analysis.role.probability, CLASSIFIED_STRENGTH));
  const clear = analysis.certainty === 'clear';
  if (clear && VISITOR_INTENTS.includes(analysis.diagnosis.intent)) set('role', 'visitor', INFERRED_STRENGTH);
  // "How do I fix a 502" is asked by visitors too: ownership needs technical detail of the stack.
  if (clear && analysis.diagnosis.intent === 'owner_fix' && (resolved.upstream || resolved.cause)) set('role', 'owner', INFERRED_STRENGTH);

  const php = statedPhpVersion(text);
  if (php) state.phpVersion = php;
  rememberEvidence(state, analysis, from);
  // Whatever was said, a question has had its turn: it is never asked again.
  delete state.pending;
  const changed = [...learned].filter((fact) => before.get(fact) !== state.facts[fact]?.value);
  return { answered: pending !== undefined && state.facts[pending] !== undefined, facts: [...learned], changed };
}
