import { el, srOnly } from './dom.js';
import { icon } from './icons.js';
import { renderMarkdown } from './markdown.js';
import type { Reply, ReplyAction } from './types.js';


/** The conversation as shown in the `role="log"` region: messages, buttons, typing and progress. */
export class Transcript {
  private status: HTMLDivElement | null = null;
  private latest: HTMLElement | null = null;

  constructor(
    private readonly log: HTMLElement,
    private readonly botName: string,
    private readonly onAction: (action: ReplyAction) => void,
  ) {}

  get isEmpty(): boolean {
    return this.log.childElementCount === 0;
  }

  person(text: string): void {
    this.append(el('div', { class: 'msg person' }, srOnly('You: '), text));
  }

  personImage(image: Blob): void {
    const preview = el('img', { alt: 'Your screenshot' });
    preview.src = URL.createObjectURL(image);
    preview.onload = () => URL.revokeObjectURL(preview.src);
    this.append(el('div', { class: 'msg person' }, preview));
  }

  /** A reply; progress replies all update the one status line of the turn. */
  bot(reply: Reply): void {
    if (reply.kind === 'progress') {
      this.setStatus(el('span', {}, reply.text));
      return;
    }
    this.removeStatus();
    this.removeActions();
    this.append(el('div', { class: `msg bot ${reply.kind}` }, srOnly(`${this.botName}: `), renderMarkdown(reply.text)));
    const quick = reply.actions.filter((a) => a.role !== 'feedback');
    const feedback = reply.actions.filter((a) => a.role === 'feedback');
    if (feedback.length) {
      this.append(el('div', { class: 'actions feedback', role: 'group', 'aria-label': 'Was this answer helpful?' }, 'Helpful?', ...feedback.map((a) => this.thumb(a))));
    }
    if (quick.length) this.append(el('div', { class: 'actions' }, ...quick.map((a) => this.button(a, 'quick', a.label))));
  }

  notice(text: string): void {
    this.removeStatus();
    this.append(el('div', { class: 'notice' }, text));
  }

  /**
   * While a turn is on its way: the typing dots until the first reply replaces them, and the last
   * reply's buttons held still (they come back if the turn fails, and go when a new reply comes).
   */
  startTurn(): void {
    this.setActionsEnabled(false);
    this.setStatus(el('span', { class: 'dots', 'aria-hidden': 'true' }, el('i'), el('i'), el('i')), srOnly(`${this.botName} is typing`));
  }

  endTurn(): void {
    this.removeStatus();
    this.setActionsEnabled(true);
  }

  /** Buttons belong to the latest reply only. */
  private removeActions(): void {
    for (const row of Array.from(this.log.querySelectorAll('.actions'))) row.remove();
  }

  private setActionsEnabled(enabled: boolean): void {
    for (const button of Array.from(this.log.querySelectorAll<HTMLButtonElement>('.actions button'))) button.disabled = !enabled;
  }

  private thumb(action: ReplyAction): HTMLButtonElement {
    const name = action.label.replace(/^[^\p{L}\p{N}]+/u, '') || action.label;
    const button = this.button(action, 'thumb', icon(action.sentiment === 'down' ? 'thumbDown' : 'thumb'));
    button.setAttribute('aria-label', name);
    button.title = name;
    return button;
  }

  private button(action: ReplyAction, className: string, content: Node | string): HTMLButtonElement {
    const button = el('button', { type: 'button', class: className }, content);
    button.addEventListener('click', () => this.onAction(action));
    return button;
  }

  private setStatus(...content: Node[]): void {
    if (!this.status) this.status = el('div', { class: 'status' });
    this.status.replaceChildren(...content);
    this.append(this.status);
  }

  private removeStatus(): void {
    this.status?.remove();
    this.status = null;
  }

  private append(node: HTMLElement): void {
    // The status line stays last, below whatever arrives while it shows.
    if (this.status && node !== this.status && this.status.isConnected) this.log.insertBefore(node, this.status);
    else this.log.append(node);
    if (node.classList.contains('msg')) this.latest = node;
    // Follow the conversation, but not past the start of the latest message: a long answer is read from its top.
    const bottom = this.log.scrollHeight - this.log.clientHeight;
    const latestTop = this.latest ? this.latest.offsetTop - this.log.offsetTop - 12 : bottom;
    this.log.scrollTop = Math.min(bottom, latestTop);
  }
}
