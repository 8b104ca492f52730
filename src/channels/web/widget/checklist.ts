import { el, srOnly } from './dom.js';
import type { Checklist } from './types.js';

const MARKS = { done: '✓', failed: '✗' } as const;
/** The seconds a step has been under way show from this many on: a quick step needs no clock. */
const SHOW_AFTER_S = 1;

/**
 * A live check's progress as a short checklist: each step done (✓) or failed (✗), and the one
 * under way with a spinner and the seconds it has taken, ticking, so a slow site never looks stuck
 * (the seconds move even when motion is reduced). The clock is hidden from screen readers, which
 * hear each step as it completes.
 */
export class ChecklistView {
  readonly element = el('div', { class: 'checklist' });
  private timer: ReturnType<typeof setInterval> | undefined;
  private running: { label: string; since: number; clock: HTMLElement } | undefined;

  update(checklist: Checklist): void {
    const list = el('ul');
    let running: ChecklistView['running'];
    for (const item of checklist.items) {
      if (item.state === 'running') {
        const since = this.running?.label === item.label ? this.running.since : Date.now();
        const clock = el('span', { class: 'elapsed', 'aria-hidden': 'true' });
        running = { label: item.label, since, clock };
        list.append(el('li', { class: 'running' }, el('span', { class: 'mark' }, el('span', { class: 'spin', 'aria-hidden': 'true' })), srOnly('In progress: '), item.label, clock));
      } else {
        list.append(el('li', { class: item.state }, el('span', { class: 'mark', 'aria-hidden': 'true' }, MARKS[item.state]), srOnly(item.state === 'done' ? 'Done: ' : 'Failed: '), item.label));
      }
    }
    this.element.replaceChildren(el('p', {}, checklist.title), list);
    this.running = running;
    this.tick();
    if (running && !this.timer) this.timer = setInterval(() => this.tick(), 1_000);
    if (!running) this.stop();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private tick(): void {
    if (!this.running) return;
    const seconds = Math.floor((Date.now() - this.running.since) / 1_000);
    this.running.clock.textContent = seconds >= SHOW_AFTER_S ? ` · ${seconds} s` : '';
  }
}
