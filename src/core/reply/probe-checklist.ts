import { say } from '../dialog/responses.js';
import type { KnowledgeBase, ResponseKind } from '../knowledge/types.js';
import type { ProbeStep } from '../ports.js';
import type { Checklist } from './model.js';

/** The phases of a live check in the order they run, and their plain words in knowledge/dialog.yaml. */
const PHASES: readonly { step: string; label: ResponseKind }[] = [
  { step: 'dns', label: 'probe_dns' },
  { step: 'connect', label: 'probe_connect' },
  { step: 'tls', label: 'probe_tls' },
  { step: 'http', label: 'probe_http' },
  { step: 'attempt', label: 'probe_again' },
];

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/**
 * A live check's progress as a short checklist: the phases seen so far (✓ or ✗, the latest
 * outcome of each, a redirect's new hop included) and the one under way. A plain http:// check
 * has no secure connection to open; asking again appears once the first attempt has ended.
 */
export function probeChecklist(kb: KnowledgeBase, url: string, steps: readonly ProbeStep[]): Checklist {
  const outcome = new Map(steps.filter((s) => s.step !== 'done').map((s) => [s.step, s.ok]));
  const phases = PHASES.filter((p) => p.step !== 'tls' || /^https:/i.test(url));
  const items: Checklist['items'] = [];
  for (const phase of phases) {
    const ok = outcome.get(phase.step);
    const label = say(kb, phase.label);
    if (ok === undefined) {
      if (phase.step !== 'attempt') items.push({ label, state: 'running' });
      break;
    }
    // Every attempt after the first is "asking again": under way until the check is done.
    const finished = phase.step !== 'attempt' || steps.some((s) => s.step === 'done');
    items.push({ label, state: !finished ? 'running' : ok ? 'done' : 'failed' });
  }
  return { title: say(kb, 'probe_checking', { host: hostOf(url) }), items };
}

const MARK = { done: '✓', failed: '✗', running: '…' } as const;

/** The checklist as light markdown, for channels that show text: its title, then one line per step. */
export function checklistText(checklist: Checklist): string {
  return [`**${checklist.title}**`, ...checklist.items.map((item) => `${MARK[item.state]} ${item.label}`)].join('\n');
}
