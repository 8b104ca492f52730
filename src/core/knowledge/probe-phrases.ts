import { z } from 'zod';
import { wording } from './placeholders.js';

/**
 * The sentences of a live check, as knowledge/dialog.yaml's `probe` section holds them: the
 * question that picks what to check, the progress line, and what the check means for this person.
 */

/** Who is asking, as the probe's wording distinguishes it. */
export const PROBE_ROLES = ['visitor', 'owner', 'unknown'] as const;
export type ProbeRole = (typeof PROBE_ROLES)[number];

/** What the check saw: the probe's verdict, with a failed lookup told apart by its DNS outcome. */
export const PROBE_OUTCOMES = [
  'up', 'gateway_error', 'http_error', 'timeout', 'refused', 'tls_failure', 'nxdomain', 'no_address', 'resolver_failure',
  'blocked', 'invalid_url',
] as const;
export type ProbeOutcome = (typeof PROBE_OUTCOMES)[number];

/**
 * What an outcome means for the person. `up_but_seen` and `unreachable_but_seen` are used instead
 * when the person sees a gateway error themselves: then a site that loads, or one updoc cannot
 * reach, says something else. A refusal to check (blocked, invalid_url) needs no meaning.
 */
export const PROBE_MEANINGS = [
  'up', 'up_but_seen', 'gateway_error', 'http_error', 'timeout', 'refused', 'tls_failure', 'nxdomain', 'no_address',
  'resolver_failure', 'unreachable_but_seen',
] as const;
export type ProbeMeaning = (typeof PROBE_MEANINGS)[number];

/** The step a running check is at, as its one progress line says it. */
export const PROGRESS_STATES = [
  'looking_up', 'connecting', 'securing', 'requesting', 'answered', 'retrying', 'lookup_failed', 'connect_failed', 'tls_failed', 'done',
] as const;
export type ProgressState = (typeof PROGRESS_STATES)[number];

const SEEN_PLACEHOLDERS: Record<ProbeOutcome, readonly string[]> = {
  up: ['host', 'status'],
  gateway_error: ['host', 'status'],
  http_error: ['host', 'status'],
  timeout: ['host'],
  refused: ['host'],
  tls_failure: ['host'],
  nxdomain: ['host'],
  no_address: ['host'],
  resolver_failure: ['host'],
  blocked: ['host', 'reason'],
  invalid_url: ['host', 'reason'],
};
const MEANING_PLACEHOLDERS = ['host', 'status'] as const;

const byKey = <K extends string, S extends z.ZodType>(keys: readonly K[], schema: (key: K) => S) =>
  z.object(Object.fromEntries(keys.map((key) => [key, schema(key)])) as Record<K, S>).strict();

/** One wording for everyone, or one per role. */
const meaning = () => {
  const text = wording(MEANING_PLACEHOLDERS);
  const roles = PROBE_ROLES.join(', ');
  return z.union([text, byKey(PROBE_ROLES, () => text)], {
    error: (issue) => `${issue.input === undefined ? 'missing: give' : 'expected'} one wording, or one per role (${roles})`,
  });
};

export const ProbePhrases = z.object({
  /** The question when several addresses (or none clearly) could be the site. */
  ask_target: wording([]),
  /** The button that checks none of them. */
  skip_target: z.string().min(1).max(75),
  seen: byKey(PROBE_OUTCOMES, (outcome) => wording(SEEN_PLACEHOLDERS[outcome])),
  means: byKey(PROBE_MEANINGS, meaning),
  /** Added when some attempts failed and others did not. */
  intermittent: wording([]),
  /** Added when the check names a cause: {cause} is the catalog's plain sentence. */
  cause: wording(['cause']),
  /** Added for an owner when the check names the layer: {vendor} and its {logs} from the catalog. */
  vendor_logs: wording(['vendor', 'logs']),
  progress: byKey(PROGRESS_STATES, (state) => wording(state === 'retrying' ? ['host', 'count'] : ['host'])),
}).strict();

export type ProbePhrases = z.infer<typeof ProbePhrases>;
