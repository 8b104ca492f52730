import type { ProbeFindings, ProbeStep } from '../ports.js';
import type { KnowledgeBase } from '../knowledge/types.js';

const hostOf = (url: string) => {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
};

/** One growing progress line: "Checking example.com… DNS ✓ connect ✓ TLS ✓ HTTP 502 from nginx". */
export function progressLine(url: string, steps: readonly ProbeStep[]): string {
  // The closing step repeats the summary, which the answer itself gives.
  const marks = steps.filter((s) => s.step !== 'done').map((s) => `${s.detail} ${s.ok ? '✓' : '✗'}`);
  return `Checking ${hostOf(url)}… ${marks.join(' ')}`.trim();
}

const DOWN_VERDICTS = new Set(['gateway_error', 'timeout', 'refused', 'http_error', 'tls_failure', 'dns_failure']);

/** What the live check means for this person. */
export function probeParagraph(findings: ProbeFindings, role: string | undefined, kb: KnowledgeBase): string {
  const seen = `I checked **${hostOf(findings.url)}** just now: ${findings.summary}`;
  if (findings.verdict === 'blocked' || findings.verdict === 'invalid_url') return seen;
  const down = DOWN_VERDICTS.has(findings.verdict);
  if (role === 'owner') {
    const vendor = findings.vendor !== 'unknown' ? kb.vendors.get(findings.vendor)?.name : undefined;
    if (findings.verdict === 'up') return `${seen} It answers normally from here, so the 502 comes and goes, or only some paths or visitors get it.`;
    return vendor ? `${seen} The error comes from your **${vendor}**: its log shows why.` : seen;
  }
  if (down) return `${seen} It is down for everyone, not just you: nothing on your side will fix it.`;
  if (findings.verdict === 'up') return `${seen} It loads from here, so it may be back already, or the problem is between you and the site (try another network or browser).`;
  return seen;
}
