import { ApiError, ChatClient, SCREENSHOT_TYPES } from './api-client.js';
import type { WidgetConfig } from './config.js';
import { icon } from './icons.js';
import { restoredEntries } from './restore.js';
import { listenForScreenshots } from './screenshot-input.js';
import { WidgetStorage, type Identity } from './storage.js';
import { Transcript } from './transcript.js';
import type { ReplyAction } from './types.js';
import { buildView, type View } from './view.js';

const GREETING =
  'Hi! I help with **502 Bad Gateway** and similar errors. Tell me what you see, paste an error or a log line, send the site’s address, or drop a screenshot here.';
const EXPIRED = 'This conversation has expired. Please type your question again.';
const OFFLINE = 'I can’t reach the support server right now. Check your connection and try again.';
const HUMAN: ReplyAction = { id: 'human', label: 'Talk to a person', role: 'handoff' };

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
  /** Turns go to the server one at a time, so the first one's new session id is known to the next. */
  private queue: Promise<void> = Promise.resolve();
  private restored = false;

  constructor(host: HTMLElement, config: WidgetConfig) {
    // Open, so assistive technology and accessibility audits can see inside.
    this.shadow = host.attachShadow({ mode: 'open' });
    this.view = buildView(this.shadow, config.title, config.color);
    this.transcript = new Transcript(this.view.log, config.title, (action) => this.press(action));
    this.client = new ChatClient(config.apiBase);
    this.storage = new WidgetStorage(config.apiBase);
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
    this.turn(() => this.transcript.person(message), (sessionId) => this.stream(sessionId, { text: message }), true);
  }

  press(action: ReplyAction): void {
    this.view.input.focus();
    this.turn(() => this.transcript.person(action.label), (sessionId) => this.stream(sessionId, { action: action.id }), false);
  }

  /** Kept in this browser only: the chat API has no field for it yet, so nothing is sent. */
  identify(identity: Identity): void {
    const clean = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim().slice(0, 200) : undefined);
    this.storage.keepIdentity({ name: clean(identity?.name), email: clean(identity?.email) });
  }

  private shareScreenshot(image: File): void {
    this.open();
    if (!SCREENSHOT_TYPES.includes(image.type)) {
      this.transcript.notice('Only PNG, JPEG or WebP screenshots can be sent.');
      return;
    }
    this.turn(() => this.transcript.personImage(image), async (sessionId) => {
      const result = await this.client.sendScreenshot(sessionId, image);
      this.storage.sessionId = result.sessionId;
      for (const reply of result.replies) this.transcript.bot(reply);
    }, true);
  }

  private stream(sessionId: string | null, input: { text: string } | { action: string }): Promise<void> {
    return this.client.streamTurn(
      sessionId,
      input,
      (id) => (this.storage.sessionId = id),
      (reply) => this.transcript.bot(reply),
    );
  }

  /**
   * Runs one exchange after the ones before it (and after the restored conversation). When the
   * server has forgotten the conversation, a message starts a new one; a button press cannot,
   * since it answered something no longer there.
   */
  private turn(echo: () => void, call: (sessionId: string | null) => Promise<void>, canRestart: boolean): void {
    this.enqueue(async () => {
      echo();
      this.transcript.startTurn();
      try {
        await call(this.storage.sessionId).catch((error: unknown) => {
          if (!(error instanceof ApiError && error.code === 'unknown_session')) throw error;
          this.storage.sessionId = null;
          if (!canRestart) throw new ApiError(404, error.code, EXPIRED);
          return call(null);
        });
      } catch (error) {
        this.transcript.notice(messageOf(error));
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
          for (const entry of restoredEntries(await this.client.restore(sessionId))) {
            if (entry.from === 'person') this.transcript.person(entry.text);
            else this.transcript.bot(entry.reply);
          }
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
    view.humanButton.addEventListener('click', () => this.press(HUMAN));
    view.root.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && this.isOpen) {
        event.stopPropagation();
        this.close();
      }
    });
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
    input.addEventListener('input', () => {
      input.style.height = 'auto';
      input.style.height = `${input.scrollHeight + 2}px`;
    });
    listenForScreenshots(view, (image) => this.shareScreenshot(image));
  }

  private submit(): void {
    const text = this.view.input.value;
    if (!text.trim()) return;
    this.view.input.value = '';
    this.view.input.style.height = '';
    this.send(text);
  }
}
