import { isGatewayStatus } from '../gateway-status.js';
import type { RoleReading } from '../intent/role-classifier.js';
import type { Intent } from '../taxonomy.js';
import type { ResolvedEvidence } from './resolve.js';

/**
 * Intents of someone who uses a site rather than runs it. What runs behind that site's proxy is
 * known to them only when they show it (a pasted log line or page); the products they name are
 * their own tools: the package manager whose download failed, the CI server running the build,
 * the DNS filter their requests pass through. A message that reads most like an owner's keeps
 * them: the intent may be wrong, the owner's words are not.
 */
const VISITOR_SIDE: readonly Intent[] = ['check_url', 'whose_fault', 'visitor_fix'];

/** 502 and 503 say only that a gateway got no usable answer; the other gateway codes each say why. */
function namesItsOwnCause(status: number): boolean {
  return isGatewayStatus(status) && status !== 502 && status !== 503;
}

/**
 * A comparison sets codes and causes side by side ("does 504 mean slow and 502 crashed?", "521 or
 * 522?"): when two of them each point somewhere else, neither is what happened to the person.
 * One specific code against the generic 502 ("how is 521 different from 502?") keeps its cause.
 */
function comparesCauses(resolved: ResolvedEvidence, statuses: readonly number[]): boolean {
  const causes = new Set(resolved.causeCandidates.map((d) => d.value));
  return causes.size > 1 || statuses.filter(namesItsOwnCause).length > 1;
}

/** The resolved evidence as far as the question lets it speak: nothing claimed that the asking rules out. */
export function fitToQuestion(resolved: ResolvedEvidence, asked: { intent: Intent; role: RoleReading }, statuses: readonly number[]): ResolvedEvidence {
  const { upstream, cause, ...rest } = resolved;
  const { intent, role } = asked;
  const keepUpstream = upstream && (upstream.direct || !VISITOR_SIDE.includes(intent) || role.scores[0]?.label === 'owner');
  const keepCause = cause && !(intent === 'compare' && comparesCauses(resolved, statuses));
  return {
    ...rest,
    ...(keepUpstream ? { upstream } : {}),
    ...(keepCause ? { cause } : {}),
  };
}
