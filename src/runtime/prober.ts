import type { Diagnoser } from '../core/diagnose.js';
import { createProber } from '../probe/create-prober.js';
import { identifyWith } from '../probe/identify.js';
import type { PolicyOverrides } from '../probe/policy.js';
import type { Prober, ProbeReport, Resolve } from '../probe/types.js';
import type { Config } from './config.js';

/** The probe's safety policy from the configuration (private addresses only when allowed). */
export function probePolicy(config: Config, allowPrivate = false): PolicyOverrides {
  return {
    allowPrivate: allowPrivate || config.PROBE_ALLOW_PRIVATE,
    ...(config.PROBE_ALLOWED_PORTS ? { allowedPorts: config.PROBE_ALLOWED_PORTS } : {}),
  };
}

/**
 * What a conversation hands back to whoever asked: the verdict, timings and who answered, not
 * the headers and body the probe fetched (the probe must not become a way to read pages through updoc).
 */
function withoutContent(report: ProbeReport): ProbeReport {
  return { ...report, headers: {}, bodySample: '' };
}

export interface ConversationProberOptions {
  /** Tests inject a resolver: nothing in a test may ask the system's DNS. */
  resolve?: Resolve;
  policy?: PolicyOverrides;
}

/** The live probe as the conversation uses it: vendor and cause named by the brain's own signatures. */
export function startProber(config: Config, diagnoser: Diagnoser, options: ConversationProberOptions = {}): Prober {
  const prober = createProber({
    identify: identifyWith(diagnoser),
    policy: { ...probePolicy(config), ...options.policy },
    ...(options.resolve ? { resolve: options.resolve } : {}),
  });
  return { probe: async (url, probeOptions) => withoutContent(await prober.probe(url, probeOptions)) };
}
