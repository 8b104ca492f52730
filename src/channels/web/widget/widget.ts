import { ApiError, ChatClient, SCREENSHOT_TYPES } from './api-client.js';
import type { WidgetConfig } from './config.js';
import { contactForm } from './contact-form.js';
import { trapFocusWhenFullScreen } from './focus-trap.js';
import { HandoffWatch } from './handoff-watch.js';
import { icon } from './icons.js';
import { restoredEntries } from './restore.js';
import { listenForScreenshots } from './screenshot-input.js';
import { WidgetStorage, type Identity } from './storage.js';
import { thumbnailOf } from './thumbnail.js';
import { Transcript } from './transcript.js';
import type { Reply, ReplyAction, StoredMessage, TurnInput } from './types.js';
import { buildView, type View } from './view.js';

const GREETING =
  'Hi! I help with **502 Bad Gateway** and similar errors. Tell me what you see, paste an error or a log line, send the site’s address, or drop a screenshot here.';
const EXPIRED = 'This conversation has expired. Please type your question again.';
const OFFLINE = 'I can’t reach the support server right now. Check your connection and try again.';
const HUMAN: ReplyAction = { id: 'human', label: 'Talk to a person', role: 'handoff' };
const BACK: ReplyAction = { id: 'bot', label: 'Back to the bot', role: 'back' };

function messageOf(error: unknown): string {
  if (error instanceof ApiError) return error.message.charAt(0).toUpperCase() + error.message.slice(1);
  return OFFLINE;
}

export class Widget {
  private readonly shadow: ShadowRoot;
  private readonly view: View;
  private readonly transcript: Transcript;
  private readonly client: ChatClient;
  private readonly storage: WidgetStorage;
  private readonly watch: HandoffWatch;
  /** Turns go to the server one at a time, so the first one's new session id is known to the next. */
  private queue: Promise<void> = Promise.resolve();
  private restored = false;
  /** The support team may write back (a request for a person said so): an email is worth asking for. */
  private asksContact = false;
  private contactAsked = false;
  /** The support team has the conversation: their replies arrive on their own, the header offers the way back. */
  private handoffOpen = false;

  constructor(host: HTMLElement, config: WidgetConfig) {
    // Open, so assistive technology and accessibility audits can see inside.
    this.shadow = host.attachShadow({ mode: 'open' });
    this.view = buildView(this.shadow, config.title, config.color);
    this.transcript = new Transcript(this.view.log, config.title, (action) => this.press(action));
    this.client = new ChatClient(config.apiBase);
    this.storage = new WidgetStorage(config.apiBase);
    this.watch = new HandoffWatch(this.client, (messages) => this.showOutOfTurn(messages));
    this.listen();
  }

  get isOpen(): boolean {
    return !this.view.panel.hidden;
  }

  open(): void {
    if (!this.isOpen) {
      this.view.panel.hidden = false;
      this.view.root.classList.add('open');
      this.view.launcher.setAttribute('aria-expanded', 'true');
      this.view.launcher.replaceChildren(icon('close'));
      if (!this.restored) this.restore();
    }
    this.view.input.focus();
  }

  close(): void {
    if (!this.isOpen) return;
    const hadFocus = this.view.panel.contains(this.shadow.activeElement);
    this.view.panel.hidden = true;
    this.view.root.classList.remove('open');
    this.view.launcher.setAttribute('aria-expanded', 'false');
    this.view.launcher.replaceChildren(icon('chat'));
    if (hadFocus) this.view.launcher.focus();
  }

  send(text: string): void {
    const message = text.trim();
    if (!message) return;
    this.open();
    const retry = () => {
      if (this.view.input.value.trim() === message) this.fillBox('');
      this.send(message);
    };
    this.turn(() => this.transcript.person(message), (sessionId) => this.stream(sessionId, { text: message }), { canRestart: true, retry, text: message });
  }

  /** A button. A request for a person the team may answer first asks for an email, when none is known. */
  press(action: ReplyAction): void {
    this.view.input.focus();
    const wantsEmail = action.role === 'handoff' && this.asksContact && !this.contactAsked && !this.handoffOpen && !this.storage.identity.email;
    if (!wantsEmail) return this.pressNow(action);
    this.contactAsked = true;
    this.transcript.form(
      contactForm((email) => {
        if (email) this.identify({ ...this.storage.identity, email });
        this.pressNow(action);
      }),
    );
    this.view.log.querySelector<HTMLInputElement>('.contact input')?.focus();
  }

  /** Kept in this browser, and sent with a request for a person. */
  identify(identity: Identity): void {
    const clean = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim().slice(0, 200) : undefined);
    this.storage.keepIdentity({ name: clean(identity?.name), email: clean(identity?.email) });
  }

  private pressNow(action: ReplyAction): void {
    const input: TurnInput = { action: action.id, ...(action.role === 'handoff' ? this.contact() : {}) };
    this.turn(() => this.transcript.person(action.label), (sessionId) => this.stream(sessionId, input), { canRestart: false });
  }

  private contact(): Pick<TurnInput, 'contact'> {
    const { name, email } = this.storage.identity;
    return name || email ? { contact: { ...(name ? { name } : {}), ...(email ? { email } : {}) } } : {};
  }

  private shareScreenshot(image: File): void {
    this.open();
    if (!SCREENSHOT_TYPES.includes(image.type)) {
      this.transcript.notice('Only PNG, JPEG or WebP screenshots can be sent.');
      return;
    }
    const share = async (sessionId: string | null) => {
      const result = await this.client.sendScreenshot(sessionId, image);
      this.storage.sessionId = result.sessionId;
      const thumbnail = await thumbnailOf(image);
      if (thumbnail) this.storage.keepThumbnail(result.sessionId, thumbnail);
      for (const reply of result.replies) this.showReply(reply);
    };
    this.turn(() => this.transcript.personImage(image), share, { canRestart: true, retry: () => this.shareScreenshot(image) });
  }

  private stream(sessionId: string | null, input: TurnInput): Promise<void> {
    return this.client.streamTurn(
      sessionId,
      input,
      (id) => (this.storage.sessionId = id),
      (reply) => this.showReply(reply),
    );
  }

  private showReply(reply: Reply, outOfTurn = false): void {
    this.transcript.bot(reply, outOfTurn);
    if (reply.actions.some((a) => a.role === 'handoff' && a.asksContact)) this.asksContact = true;
    if (reply.handoff) this.setHandoff(reply.handoff === 'open');
  }

  /** Staff replies (and updoc's notes about them) arriving between the person's turns. */
  private showOutOfTurn(messages: StoredMessage[]): void {
    for (const message of messages) {
      if (message.from === 'staff') this.transcript.staff(message.author ?? 'Support', message.text);
      else this.showReply({ kind: message.kind ?? 'handoff', text: message.text, actions: message.actions ?? [] }, true);
    }
  }

  private setHandoff(open: boolean): void {
    this.handoffOpen = open;
    const action = open ? BACK : HUMAN;
    this.view.humanButton.replaceChildren(icon(open ? 'bot' : 'person'), action.label);
    const sessionId = this.storage.sessionId;
    if (open && sessionId) this.watch.start(sessionId);
    else this.watch.stop();
  }

  /**
   * Runs one exchange after the ones before it (and after the restored conversation). When the
   * server has forgotten the conversation, a message starts a new one; a button press cannot,
   * since it answered something no longer there. A message that could not be sent stays: marked
   * "Not sent" with a Retry, and its text back in the box.
   */
  private turn(echo: () => HTMLElement, call: (sessionId: string | null) => Promise<void>, options: { canRestart: boolean; retry?: () => void; text?: string }): void {
    this.enqueue(async () => {
      const shown = echo();
      this.transcript.startTurn();
      try {
        await call(this.storage.sessionId).catch((error: unknown) => {
          if (!(error instanceof ApiError && error.code === 'unknown_session')) throw error;
          this.storage.sessionId = null;
          if (!options.canRestart) throw new ApiError(404, error.code, EXPIRED);
          return call(null);
        });
      } catch (error) {
        this.transcript.notice(messageOf(error));
        if (options.retry) this.transcript.unsent(shown, options.retry);
        if (options.text !== undefined && !this.view.input.value.trim()) this.fillBox(options.text);
      } finally {
        this.transcript.endTurn();
      }
    });
  }

  private restore(): void {
    this.restored = true;
    this.enqueue(async () => {
      const sessionId = this.storage.sessionId;
      if (sessionId) {
        try {
          const conversation = await this.client.restore(sessionId);
          const thumbnails = this.storage.thumbnails(sessionId);
          const entries = restoredEntries(conversation.messages);
          const screenshots = entries.filter((e) => e.from === 'screenshot').length;
          let shot = 0;
          for (const entry of entries) {
            if (entry.from === 'person') this.transcript.person(entry.text);
            else if (entry.from === 'staff') this.transcript.staff(entry.author, entry.text);
            else if (entry.from === 'bot') this.showReply(entry.reply);
            // Thumbnails are kept for the latest screenshots: they match the last ones sent.
            else this.transcript.personImage(thumbnails[thumbnails.length - (screenshots - shot++)] ?? null, entry.text);
          }
          for (const message of conversation.messages) this.watch.saw(message.seq);
          if (conversation.handoff) this.setHandoff(conversation.handoff === 'open');
        } catch (error) {
          if (error instanceof ApiError && error.code === 'unknown_session') this.storage.sessionId = null;
        }
      }
      if (this.transcript.isEmpty) this.transcript.bot({ kind: 'answer', text: GREETING, actions: [] });
    });
  }

  private enqueue(task: () => Promise<void>): void {
    this.queue = this.queue.then(task).catch((error: unknown) => console.error('updoc widget:', error));
  }

  private listen(): void {
    const view = this.view;
    const input = view.input;
    view.launcher.addEventListener('click', () => (this.isOpen ? this.close() : this.open()));
    view.closeButton.addEventListener('click', () => this.close());
    view.humanButton.addEventListener('click', () => this.press(this.handoffOpen ? BACK : HUMAN));
    view.root.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && this.isOpen) {
        event.stopPropagation();
        this.close();
      }
    });
    trapFocusWhenFullScreen(view.panel, this.shadow);
    view.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit();
    });
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.submit();
      }
    });
    input.addEventListener('input', () => this.fitBox());
    listenForScreenshots(view, (image) => this.shareScreenshot(image));
  }

  private submit(): void {
    const text = this.view.input.value;
    if (!text.trim()) return;
    this.fillBox('');
    this.send(text);
  }

  private fillBox(text: string): void {
    this.view.input.value = text;
    this.fitBox();
  }

  private fitBox(): void {
    const input = this.view.input;
    input.style.height = 'auto';
    if (input.value) input.style.height = `${input.scrollHeight + 2}px`;
    else input.style.height = '';
  }
}
