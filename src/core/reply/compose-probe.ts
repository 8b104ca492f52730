import type { Evidence } from '../evidence/types.js';
import { isGatewayStatus } from '../gateway-status.js';
import { fillPlaceholders } from '../knowledge/placeholders.js';
import { PROBE_ROLES, type ProbeMeaning, type ProbeOutcome, type ProbeRole, type ProgressState } from '../knowledge/probe-phrases.js';
import type { KnowledgeBase } from '../knowledge/types.js';
import type { ProbeFindings, ProbeStep } from '../ports.js';
import type { Cause } from '../taxonomy.js';

const hostOf = (url: string) => {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
};

/**
 * The old growing progress line ("Checking example.com… DNS ✓ connect ✓"), kept only for the
 * bot's current turn runner.
 * @deprecated use `probeProgressLine`, which says the current step in plain words.
 */
export function progressLine(url: string, steps: readonly ProbeStep[]): string {
  // The closing step repeats the summary, which the answer itself gives.
  const marks = steps.filter((s) => s.step !== 'done').map((s) => `${s.detail} ${s.ok ? '✓' : '✗'}`);
  return `Checking ${hostOf(url)}… ${marks.join(' ')}`.trim();
}

/** The step a check is at, from the latest progress it reported. */
function stepNow(latest: ProbeStep | undefined, secure: boolean): ProgressState {
  switch (latest?.step) {
    case undefined:
      return 'looking_up';
    case 'dns':
      return latest.ok ? 'connecting' : 'lookup_failed';
    case 'connect':
      if (!latest.ok) return 'connect_failed';
      return secure ? 'securing' : 'requesting';
    case 'tls':
      return latest.ok ? 'requesting' : 'tls_failed';
    case 'http':
      return 'answered';
    case 'attempt':
      return 'retrying';
    case 'done':
      return 'done';
    default:
      return 'requesting';
  }
}

/**
 * One line that says what a running check is doing now ("Checking example.com: connecting…"),
 * meant to replace the previous line rather than follow it.
 */
export function probeProgressLine(kb: KnowledgeBase, url: string, steps: readonly ProbeStep[]): string {
  const state = stepNow(steps.at(-1), /^https:/i.test(url));
  const attempts = steps.filter((s) => s.step === 'attempt').length;
  return fillPlaceholders(kb.dialog.probe.progress[state], { host: hostOf(url), count: String(attempts) });
}

/** What the check saw, with a failed lookup told apart by what the resolver said. */
export function probeOutcome(findings: Pick<ProbeFindings, 'verdict' | 'dns'>): ProbeOutcome {
  if (findings.verdict === 'dns_failure') return findings.dns === 'nxdomain' || findings.dns === 'no_address' ? findings.dns : 'resolver_failure';
  // The probe's total limit can run out during the lookup: then the resolver, not the site, was slow.
  if (findings.verdict === 'timeout' && findings.dns === 'resolver_failure') return 'resolver_failure';
  return findings.verdict;
}

/** Outcomes that only say updoc could not get through: a person looking at the site's error page knows better. */
const UNREACHED: ReadonlySet<ProbeOutcome> = new Set(['timeout', 'refused', 'tls_failure', 'nxdomain', 'no_address', 'resolver_failure']);
const REFUSALS: ReadonlySet<ProbeOutcome> = new Set(['blocked', 'invalid_url']);

function meaningOf(outcome: ProbeOutcome, seesGatewayError: boolean): ProbeMeaning | undefined {
  if (REFUSALS.has(outcome)) return undefined;
  if (seesGatewayError && UNREACHED.has(outcome)) return 'unreachable_but_seen';
  if (seesGatewayError && outcome === 'up') return 'up_but_seen';
  return outcome as ProbeMeaning;
}

function roleOf(role: string | undefined): ProbeRole {
  return (PROBE_ROLES as readonly string[]).includes(role ?? '') ? (role as ProbeRole) : 'unknown';
}

export interface ProbeSight {
  /** The person sees a gateway error from the site themselves (they pasted or described its error page). */
  seesGatewayError: boolean;
}

/** What a message shows the person sees: an error page they pasted, or a gateway status they name. */
export function sightOf(evidence: Pick<Evidence, 'hits' | 'statuses'>): ProbeSight {
  return { seesGatewayError: evidence.statuses.some(isGatewayStatus) || evidence.hits.some((hit) => hit.signature.kind === 'page') };
}

/**
 * What the live check means for this person, in knowledge/dialog.yaml's words: what it saw, what
 * that means for a visitor, an owner or someone unknown, and, when it applies, that it came and
 * went, the cause it shows, and for an owner the layer that answered. A check that could not get
 * through never contradicts an error page the person is looking at.
 */
export function probeParagraph(findings: ProbeFindings, role: string | undefined, kb: KnowledgeBase, sight: ProbeSight = { seesGatewayError: false }): string {
  const phrases = kb.dialog.probe;
  const outcome = probeOutcome(findings);
  const who = roleOf(role);
  const values = { host: hostOf(findings.url), status: String(findings.status ?? ''), reason: findings.error ?? '' };
  const sentences = [fillPlaceholders(phrases.seen[outcome], values)];

  const meaning = meaningOf(outcome, sight.seesGatewayError);
  if (meaning) {
    const wording = phrases.means[meaning];
    sentences.push(fillPlaceholders(typeof wording === 'string' ? wording : wording[who], values));
  }
  if (findings.pattern === 'intermittent' && outcome !== 'up') sentences.push(phrases.intermittent);
  if (outcome === 'gateway_error') {
    const cause = kb.causes.get(findings.cause as Cause)?.plain;
    if (cause) sentences.push(fillPlaceholders(phrases.cause, { cause }));
    const vendor = kb.vendors.get(findings.vendor);
    if (vendor && who === 'owner') sentences.push(fillPlaceholders(phrases.vendor_logs, { vendor: vendor.name, logs: vendor.logs }));
  }
  return sentences.join(' ');
}
