import { formatMs } from './summary.js';
import type { ProbeReport, TlsInfo } from './types.js';

const row = (label: string, value: string) => `  ${label.padEnd(11)}${value}\n`;
const phase = (ms: number | null) => (ms === null ? '-' : formatMs(ms));

function describeTls(tls: TlsInfo): string {
  const parts = [tls.protocol ?? 'TLS', `certificate for ${tls.subject ?? '?'}`, `issued by ${tls.issuer ?? '?'}`];
  if (tls.validTo) parts.push(`valid until ${tls.validTo.slice(0, 10)}`);
  if (tls.nameMismatch) parts.push('NAME MISMATCH');
  return parts.join(', ');
}

/** The report as a person reads it in a terminal: phases with timings, verdict, vendor, summary. */
export function formatReport(report: ProbeReport): string {
  let text = `${report.url}\n`;
  const attempts = report.attempts.length;
  text += row('verdict', report.pattern ? `${report.verdict} (${report.pattern}, ${attempts} attempt${attempts === 1 ? '' : 's'})` : report.verdict);
  if (attempts > 0) {
    text += row('status', report.status === null ? '-' : String(report.status));
    text += row('vendor', report.vendor);
    text += row('cause', report.cause);
    if (report.addresses.length > 0) text += row('addresses', report.addresses.join(', '));
    for (const [label, ms] of Object.entries(report.timings)) text += row(label, phase(ms));
    if (report.tls) text += row('tls cert', describeTls(report.tls));
    for (const redirect of report.redirects) text += row('redirect', `${redirect.url} → ${redirect.status} → ${redirect.location}`);
    const outcomes = report.attempts.map((a) => (a.status === null ? a.verdict : `${a.status}`) + (a.ttfb === null ? '' : ` (${formatMs(a.ttfb)})`));
    text += row('attempts', outcomes.join(', '));
  }
  if (report.error) text += row('error', report.error);
  return `${text}\n${report.summary}\n`;
}
