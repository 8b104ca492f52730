import type { Count, Report } from './report.js';

const percent = (rate: number) => `${Math.round(rate * 100)}%`;
const minute = (iso: string) => iso.slice(0, 16).replace('T', ' ');
const counts = (list: Count[]) => (list.length ? list.map((c) => `${c.id} ${c.conversations}`).join(', ') : 'none');

function section(title: string, lines: string[], empty: string): string[] {
  return ['', title, ...(lines.length ? lines : [`  ${empty}`])];
}

/** The report as a person reads it in a terminal. */
export function renderReport(report: Report): string {
  const rate = report.resolutionRate === null ? 'none asked anything' : `${report.resolved} resolved (${percent(report.resolutionRate)})`;
  const lines = [
    `updoc report, ${minute(report.from)} to ${minute(report.to)} UTC`,
    `Conversations: ${report.conversations} (${report.asked} asked something), ${rate}`,
    `Turns: ${report.turns}; feedback: ${report.feedback.up} up, ${report.feedback.down} down; handoffs: ${report.handoffs}`,
    ...section('Top unanswered questions', report.unanswered.map((q) => `  ${String(q.count).padStart(4)}  ${q.text}`), 'none'),
    ...section(
      'Thumbs-down answers',
      report.thumbsDown.map((t) => `  ${String(t.count).padStart(4)}  ${t.article ?? '(no article)'}: "${t.example}"`),
      'none',
    ),
    '',
    `Vendors seen: ${counts(report.vendors)}`,
    `Causes seen: ${counts(report.causes)}`,
    ...section(
      'Spikes',
      report.spikes.map((s) => `  ${s.people} people reported 502s for ${s.host} in the hour from ${minute(s.hour)} UTC (usually ${s.usual} an hour)`),
      'none',
    ),
  ];
  return `${lines.join('\n')}\n`;
}
