import { reportFromAttempts, refusalReport } from './build-report.js';
import { Deadline } from './deadline.js';
import { resolvePolicy, type PolicyOverrides } from './policy.js';
import { RateLimiter } from './rate-limiter.js';
import { systemResolve } from './resolve.js';
import type { RequestBudget } from './hop.js';
import { runAttempts } from './run-attempts.js';
import { checkInput } from './url-policy.js';
import type { Clock, Identify, ProbeOptions, ProbeReport, Prober, Resolve } from './types.js';

export interface ProberDeps {
  /** Names vendor and cause from a response's headers and body (see identify.ts). */
  identify: Identify;
  /** Default: the system resolver, every A and AAAA address. */
  resolve?: Resolve;
  clock?: Clock;
  policy?: PolicyOverrides;
}

const systemClock: Clock = { now: () => performance.now() };
/** "example.com." and "example.com" are one host. */
const hostKey = (host: string) => host.replace(/\.$/, '');

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

  /** Every request of a probe (each attempt, each redirect followed) counts against the person and the host it goes to. */
  function budgetOf(requester: string): RequestBudget {
    const refusal = (host: string) => {
      if (!perRequester.hasRoom(requester)) {
        return `rate limited: at most ${policy.perRequester.limit} probe requests per ${policy.perRequester.windowMs / 1000} s per person`;
      }
      if (!perHost.hasRoom(hostKey(host))) {
        return `rate limited: at most ${policy.perHost.limit} probe requests to ${hostKey(host)} per ${policy.perHost.windowMs / 1000} s`;
      }
      return undefined;
    };
    return {
      refusal,
      take(host) {
        const refused = refusal(host);
        if (refused) return refused;
        perRequester.take(requester);
        perHost.take(hostKey(host));
        return undefined;
      },
    };
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
    const budget = budgetOf(options.requester ?? 'anonymous');
    const limited = budget.refusal(target.host);
    if (limited) return done(refusalReport(input, target.url.hostname, { verdict: 'blocked', reason: 'rate_limited', message: limited }));
    if (running >= policy.maxConcurrent) {
      const message = `too many probes are running (at most ${policy.maxConcurrent}); try again shortly`;
      return done(refusalReport(input, target.url.hostname, { verdict: 'blocked', reason: 'busy', message }));
    }

    running++;
    try {
      const deadline = new Deadline(clock, policy.timeouts.totalMs);
      const attempts = await runAttempts(target, { policy, resolve, clock, deadline, budget, report, identify: deps.identify });
      return done(reportFromAttempts(input, target, attempts));
    } finally {
      running--;
    }
  }

  return { probe };
}
