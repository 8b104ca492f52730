import type { Diagnoser } from '../core/diagnose.js';
import type { Identify } from './types.js';

/**
 * Who answered and why it failed, read with the brain's own signatures and evidence resolution:
 * one source of truth. This is the evidence half of `diagnoser.analyze(text).diagnosis` (vendor and
 * cause), without the intent classifier and article retrieval, which a probe does not need and which
 * cost some 15 times as much per response (test/probe/identify.test.ts keeps the two in agreement).
 */
export function identifyWith(diagnoser: Diagnoser): Identify {
  const { kb } = diagnoser;
  return (text) => {
    const resolved = diagnoser.resolveEvidence(text);
    const vendorEntry = resolved.vendor ? kb.vendors.get(resolved.vendor.value) : undefined;
    const cause = resolved.cause?.value ?? 'unknown';
    const causeMeaning = cause === 'unknown' ? undefined : kb.causes.get(cause)?.plain;
    return {
      vendor: vendorEntry?.reportsAs ?? 'unknown',
      cause,
      ...(vendorEntry ? { vendorName: vendorEntry.name } : {}),
      ...(causeMeaning ? { causeMeaning } : {}),
    };
  };
}
