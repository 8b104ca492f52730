import type { webApi } from '@slack/bolt';
import type { Reply } from '../../core/reply/model.js';
import { renderReply } from './render.js';

/**
 * Shows one turn's replies in a thread, in order: the first progress reply is posted and the
 * later ones update that message (`chat.update`), and so does the final answer; a turn without
 * progress posts its answer. `show` is synchronous (the bot's `onReply`), so the Web API calls
 * queue up; `finished` waits for them and rethrows the first failure.
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

  async finished(): Promise<void> {
    await this.queue;
    if (this.failure !== undefined) throw this.failure;
  }

  private async deliver(reply: Reply): Promise<void> {
    const message = renderReply(reply);
    if (this.progressTs) {
      await this.client.chat.update({ channel: this.channel, ts: this.progressTs, ...message });
      if (reply.kind !== 'progress') this.progressTs = undefined;
      return;
    }
    const posted = await this.client.chat.postMessage({ channel: this.channel, thread_ts: this.threadTs, ...message });
    if (reply.kind === 'progress') this.progressTs = posted.ts;
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
