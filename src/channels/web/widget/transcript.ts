import { ChecklistView } from './checklist.js';
import { el, srOnly } from './dom.js';
import { icon } from './icons.js';
import { renderMarkdown } from './markdown.js';
import type { Reply, ReplyAction } from './types.js';

/** Room above a message scrolled to its top. */
const ABOVE = 12;

/** The conversation as shown in the `role="log"` region: messages, buttons, typing and progress. */
export class Transcript {
  private status: HTMLDivElement | null = null;
  private checklist: ChecklistView | null = null;
  /**
   * The newest message from updoc or the support team, while nothing of the person's came after
   * it: a long one is shown from its top, where reading starts. Anything else new (the person's
   * own message, typing dots, a checklist, a notice) is scrolled fully into view.
   */
  private anchor: HTMLElement | null = null;

  constructor(
    private readonly log: HTMLElement,
    private readonly botName: string,
    private readonly onAction: (action: ReplyAction) => void,
  ) {
    // The conversation's area shrinks when the message box grows (a failed paste put back in it)
    // or the phone's keyboard opens: what was in view stays in view.
    if (typeof ResizeObserver === 'function') new ResizeObserver(() => this.scroll()).observe(log);
  }

  get isEmpty(): boolean {
    return this.log.childElementCount === 0;
  }

  /** The person's message; the element, so a failed send can be marked on it. */
  person(text: string): HTMLElement {
    this.anchor = null;
    return this.append(el('div', { class: 'msg person' }, srOnly('You: '), text));
  }

  /** The person's screenshot: the image itself, a kept thumbnail, or (neither kept) a labelled placeholder. */
  personImage(source: Blob | string | null, text = ''): HTMLElement {
    this.anchor = null;
    const shown = source === null ? el('span', { class: 'shot' }, icon('image'), 'Screenshot') : el('img', { alt: 'Your screenshot' });
    if (shown instanceof HTMLImageElement) {
      shown.src = typeof source === 'string' ? source : URL.createObjectURL(source as Blob);
      if (typeof source !== 'string') shown.onload = () => URL.revokeObjectURL(shown.src);
    }
    return this.append(el('div', { class: 'msg person' }, srOnly('You: '), shown, ...(text ? [el('div', {}, text)] : [])));
  }

  /** Marks the person's message as not sent, with a way to send it again. */
  unsent(message: HTMLElement, retry: () => void): void {
    message.classList.add('failed');
    const button = el('button', { type: 'button', class: 'retry' }, 'Retry');
    const row = el('div', { class: 'unsent' }, 'Not sent.', button);
    button.addEventListener('click', () => {
      row.remove();
      message.remove();
      retry();
    });
    message.after(row);
    this.scroll();
  }

  /**
   * A reply; progress replies all update the one status line of the turn (a checklist for a live
   * check). One `outOfTurn` (a note about the support team) leaves a turn's status in place.
   */
  bot(reply: Reply, outOfTurn = false): void {
    if (reply.kind === 'progress') {
      if (reply.checklist) {
        if (!this.checklist) {
          this.checklist = new ChecklistView();
          this.setStatus(this.checklist.element);
        }
        this.checklist.update(reply.checklist);
        this.scroll();
      } else {
        this.setStatus(el('span', {}, reply.text));
      }
      return;
    }
    if (!outOfTurn) this.removeStatus();
    this.removeActions();
    this.anchor = this.append(el('div', { class: `msg bot ${reply.kind}` }, srOnly(`${this.botName}: `), renderMarkdown(reply.text)));
    this.actions(reply.actions);
  }

  /** A message from a person on the support team, under their name. */
  staff(author: string, text: string): void {
    this.anchor = this.append(el('div', { class: 'msg staff' }, el('p', { class: 'author' }, icon('person'), `${author} · support team`), text));
  }

  notice(text: string): void {
    this.removeStatus();
    this.anchor = null;
    this.append(el('div', { class: 'notice' }, text));
  }

  /** A small form in the conversation (the email for a handoff); it scrolls into view like any new output. */
  form(form: HTMLFormElement): void {
    this.anchor = null;
    this.append(form);
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

  /**
   * A reply's buttons by kind, each kind in a row of its own: the answers to updoc's question
   * first, then 👍/👎, then "More" and the way to a person (or back to the bot).
   */
  private actions(actions: readonly ReplyAction[]): void {
    const choices = actions.filter((a) => a.role === 'choice');
    const feedback = actions.filter((a) => a.role === 'feedback');
    const others = actions.filter((a) => a.role === 'more' || a.role === 'handoff' || a.role === 'back');
    if (choices.length) this.append(el('div', { class: 'actions', role: 'group', 'aria-label': 'Choose an answer' }, ...choices.map((a) => this.button(a, 'quick', a.label))));
    if (feedback.length) {
      this.append(el('div', { class: 'actions feedback', role: 'group', 'aria-label': 'Was this answer helpful?' }, 'Helpful?', ...feedback.map((a) => this.thumb(a))));
    }
    if (others.length) this.append(el('div', { class: 'actions' }, ...others.map((a) => (a.role === 'more' ? this.button(a, 'more', a.label) : this.toPerson(a)))));
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

  private toPerson(action: ReplyAction): HTMLButtonElement {
    return this.button(action, 'to-person', icon(action.role === 'back' ? 'bot' : 'person'), action.label);
  }

  private button(action: ReplyAction, className: string, ...content: (Node | string)[]): HTMLButtonElement {
    const button = el('button', { type: 'button', class: className }, ...content);
    button.addEventListener('click', () => this.onAction(action));
    return button;
  }

  private setStatus(...content: Node[]): void {
    if (!this.status) this.status = el('div', { class: 'status' });
    if (!content.includes(this.checklist?.element as Node)) this.dropChecklist();
    this.status.replaceChildren(...content);
    this.append(this.status);
  }

  private removeStatus(): void {
    this.dropChecklist();
    this.status?.remove();
    this.status = null;
  }

  private dropChecklist(): void {
    this.checklist?.stop();
    this.checklist = null;
  }

  private append<T extends HTMLElement>(node: T): T {
    // The status line stays last, below whatever arrives while it shows.
    if (this.status && (node as HTMLElement) !== this.status && this.status.isConnected) this.log.insertBefore(node, this.status);
    else this.log.append(node);
    this.scroll();
    return node;
  }

  private scroll(): void {
    const bottom = this.log.scrollHeight - this.log.clientHeight;
    const anchorTop = this.anchor?.isConnected ? this.anchor.offsetTop - this.log.offsetTop - ABOVE : bottom;
    this.log.scrollTop = Math.min(bottom, anchorTop);
  }
}
