import type { HttpResponse } from './exchange.js';
import { ProbeFailure } from './failure.js';
import { runHop, type HopContext, type HopResult } from './hop.js';
import { checkUrl, type ProbeTarget } from './url-policy.js';
import { failureVerdict, statusVerdict } from './verdict.js';
import type { Identification, Identify, Redirect, Verdict } from './types.js';

export interface AttemptContext extends HopContext {
  identify: Identify;
}

/** One attempt: the request, and the redirects followed by hand, each hop checked again. */
export interface AttemptResult {
  /** The hop that ended the attempt. */
  last: HopResult;
  redirects: Redirect[];
  /** Why the attempt got no usable answer, or why it stopped following redirects. */
  failure: ProbeFailure | null;
  /** Who answered, from the last response's headers (and body, when it is an error). */
  identification: Identification | null;
  verdict: Verdict;
  durationMs: number;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** Error pages name their producer; a healthy page's body is content, so only its headers are read. */
function identifyResponse(identify: Identify, hop: HopResult): Identification | null {
  const response = hop.response;
  if (!response) return null;
  return identify(response.status >= 400 ? `${response.text}\n\n${response.body.toString('utf8')}` : response.text);
}

/** The next URL of a redirect, or why it is not followed. */
function nextTarget(location: string, hop: HopResult, redirects: number, context: AttemptContext): ProbeTarget | ProbeFailure {
  if (redirects >= context.policy.maxRedirects) {
    return new ProbeFailure('too_many_redirects', 'http', `more than ${context.policy.maxRedirects} redirects (the last to ${location})`);
  }
  let url: URL;
  try {
    url = new URL(location, hop.target.url);
  } catch {
    return new ProbeFailure('bad_redirect', 'http', `the redirect target "${location}" is not a valid URL`);
  }
  const check = checkUrl(url, context.policy);
  if (!check.ok) {
    return new ProbeFailure('blocked', 'http', `the redirect to ${url.href} was not followed: ${check.message}`, { blockReason: check.reason });
  }
  return check.target;
}

export async function runAttempt(start: ProbeTarget, context: AttemptContext): Promise<AttemptResult> {
  const { clock, report } = context;
  const startedAt = clock.now();
  const redirects: Redirect[] = [];
  const finish = (last: HopResult, failure: ProbeFailure | null): AttemptResult => {
    const durationMs = clock.now() - startedAt;
    const identification = identifyResponse(context.identify, last);
    let verdict: Verdict;
    if (failure) {
      verdict = failureVerdict(failure);
      if (failure.step === 'http') report({ step: 'http', ok: false, detail: failure.message });
    } else {
      const status = (last.response as HttpResponse).status; // a hop without a failure has a response
      verdict = statusVerdict(status);
      const from = identification?.vendorName ? ` from ${identification.vendorName}` : '';
      report({ step: 'http', ok: verdict === 'up', detail: `HTTP ${status}${from}` });
    }
    return { last, redirects, failure, identification, verdict, durationMs };
  };

  let target = start;
  for (;;) {
    const hop = await runHop(target, context);
    const response = hop.response;
    if (!response) return finish(hop, hop.failure);
    const location = response.headers.location;
    if (!REDIRECT_STATUSES.has(response.status) || location === undefined) return finish(hop, null);
    const next = nextTarget(location, hop, redirects.length, context);
    if (next instanceof ProbeFailure) return finish(hop, next);
    report({ step: 'http', ok: true, detail: `HTTP ${response.status} → ${next.url.href}` });
    redirects.push({ url: target.url.href, status: response.status, location: next.url.href });
    target = next;
  }
}
