import type { webApi } from '@slack/bolt';
import type { Reply } from '../../core/reply/model.js';
import { renderReply } from './render.js';

/**
 * Shows one turn's replies in a thread, in order: the first progress reply is posted and the
 * later ones update that message (`chat.update`); the answer is a message of its own, so the
 * notification carries it, and the progress message then goes. `show` is synchronous (the bot's
 * `onReply`), so the Web API calls queue up; `finished` waits for them and rethrows the first failure.
 */
export class ThreadReplier {
  private queue: Promise<void> = Promise.resolve();
  private progressTs: string | undefined;
  private failure: unknown;

  constructor(
    private readonly client: webApi.WebClient,
    private readonly channel: string,
    private readonly threadTs: string,
  ) {}

  show(reply: Reply): void {
    this.enqueue(() => this.deliver(reply));
  }

  /** Posts a line of the channel's own (a screenshot that could not be fetched, say). */
  note(text: string): void {
    this.enqueue(async () => {
      await this.client.chat.postMessage({ channel: this.channel, thread_ts: this.threadTs, text });
    });
  }

  /** Other work on the thread, in order with the replies (a clicked message updated). */
  also(work: () => Promise<unknown>): void {
    this.enqueue(async () => {
      await work();
    });
  }

  async finished(): Promise<void> {
    await this.queue;
    if (this.failure !== undefined) throw this.failure;
  }

  private async deliver(reply: Reply): Promise<void> {
    const message = renderReply(reply);
    if (reply.kind === 'progress' && this.progressTs) {
      await this.client.chat.update({ channel: this.channel, ts: this.progressTs, ...message });
      return;
    }
    const posted = await this.client.chat.postMessage({ channel: this.channel, thread_ts: this.threadTs, ...message });
    if (reply.kind === 'progress') {
      this.progressTs = posted.ts;
      return;
    }
    const progressTs = this.progressTs;
    this.progressTs = undefined;
    // The answer is posted: a progress line left behind would be untidy, not wrong.
    if (progressTs) await this.client.chat.delete({ channel: this.channel, ts: progressTs }).catch(() => undefined);
  }

  // A failure is kept, not left rejected, so a queue nobody awaits yet never crashes the process.
  private enqueue(work: () => Promise<void>): void {
    this.queue = this.queue
      .then(() => (this.failure === undefined ? work() : undefined))
      .catch((error: unknown) => {
        this.failure = error;
      });
  }
}
