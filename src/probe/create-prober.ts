import { reportFromAttempts, refusalReport } from './build-report.js';
import { Deadline } from './deadline.js';
import { resolvePolicy, type PolicyOverrides } from './policy.js';
import { RateLimiter } from './rate-limiter.js';
import { systemResolve } from './resolve.js';
import { runAttempts } from './run-attempts.js';
import { checkInput } from './url-policy.js';
import type { BlockReason, Clock, Identify, ProbeOptions, ProbeReport, Prober, Resolve } from './types.js';

export interface ProberDeps {
  /** Names vendor and cause from a response's headers and body (see identify.ts). */
  identify: Identify;
  /** Default: the system resolver, every A and AAAA address. */
  resolve?: Resolve;
  clock?: Clock;
  policy?: PolicyOverrides;
}

const systemClock: Clock = { now: () => performance.now() };

/**
 * The live probe, with its limits. One prober per process, so that its rate limits and
 * concurrency cap hold across conversations:
 *
 *   const prober = createProber({ identify: identifyWith(diagnoser), policy: { allowPrivate: config.PROBE_ALLOW_PRIVATE } });
 *   const report = await prober.probe(url, { requester: userId, onProgress: (p) => show(p) });
 *
 * It never throws for a bad URL or a failing site: every outcome is a report with a verdict.
 */
export function createProber(deps: ProberDeps): Prober {
  const policy = resolvePolicy(deps.policy);
  const clock = deps.clock ?? systemClock;
  const resolve = deps.resolve ?? systemResolve;
  const perRequester = new RateLimiter(policy.perRequester, clock);
  const perHost = new RateLimiter(policy.perHost, clock);
  let running = 0;

  /** Why this probe may not run now, if so; otherwise it is counted against the limits. */
  function admit(requester: string, host: string): { reason: BlockReason; message: string } | null {
    if (!perRequester.hasRoom(requester)) {
      return { reason: 'rate_limited', message: `rate limited: at most ${policy.perRequester.limit} probes per ${policy.perRequester.windowMs / 1000} s per person` };
    }
    if (!perHost.hasRoom(host)) {
      return { reason: 'rate_limited', message: `rate limited: at most ${policy.perHost.limit} probes of ${host} per ${policy.perHost.windowMs / 1000} s` };
    }
    if (running >= policy.maxConcurrent) return { reason: 'busy', message: `too many probes are running (at most ${policy.maxConcurrent}); try again shortly` };
    perRequester.take(requester);
    perHost.take(host);
    return null;
  }

  async function probe(input: string, options: ProbeOptions = {}): Promise<ProbeReport> {
    const report = options.onProgress ?? (() => {});
    const done = (result: ProbeReport) => {
      report({ step: 'done', ok: result.verdict === 'up', detail: result.summary });
      return result;
    };
    const check = checkInput(input, policy);
    if (!check.ok) return done(refusalReport(input, input.trim(), check));
    const target = check.target;
    const refusal = admit(options.requester ?? 'anonymous', target.host.replace(/\.$/, ''));
    if (refusal) return done(refusalReport(input, target.url.hostname, { verdict: 'blocked', ...refusal }));

    running++;
    try {
      const deadline = new Deadline(clock, policy.timeouts.totalMs);
      const attempts = await runAttempts(target, { policy, resolve, clock, deadline, report, identify: deps.identify });
      return done(reportFromAttempts(input, target, attempts));
    } finally {
      running--;
    }
  }

  return { probe };
}
