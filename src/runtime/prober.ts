import type { Diagnoser } from '../core/diagnose.js';
import { createProber } from '../probe/create-prober.js';
import { identifyWith } from '../probe/identify.js';
import type { PolicyOverrides } from '../probe/policy.js';
import type { Prober } from '../probe/types.js';
import type { Config } from './config.js';

/** The probe's safety policy from the configuration (private addresses only when allowed). */
export function probePolicy(config: Config, allowPrivate = false): PolicyOverrides {
  return {
    allowPrivate: allowPrivate || config.PROBE_ALLOW_PRIVATE,
    ...(config.PROBE_ALLOWED_PORTS ? { allowedPorts: config.PROBE_ALLOWED_PORTS } : {}),
  };
}

/** The live probe as the conversation uses it: vendor and cause named by the brain's own signatures. */
export function startProber(config: Config, diagnoser: Diagnoser): Prober {
  return createProber({ identify: identifyWith(diagnoser), policy: probePolicy(config) });
}
