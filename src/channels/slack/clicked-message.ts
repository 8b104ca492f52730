import type { types, webApi } from '@slack/bolt';
import type { Reply } from '../../core/reply/model.js';
import { escapeMrkdwn, toMrkdwn } from './mrkdwn.js';
import { context } from './render.js';

/** The message a button was on, as a click reports it. */
export interface ClickedSlackMessage {
  ts: string;
  text?: string;
  blocks?: types.KnownBlock[];
}

/**
 * The message whose button was clicked: its buttons give way to the choice made ("✓ Node.js"), so
 * nobody clicks an old question again, and a short acknowledgement (the thanks for a 👍) joins
 * that line instead of arriving as a message of its own.
 */
export class ClickedMessage {
  constructor(
    private readonly client: webApi.WebClient,
    private readonly channel: string,
    private readonly message: ClickedSlackMessage,
    private readonly choice: string,
  ) {}

  /** Whether a reply is only an acknowledgement (no buttons of its own), shown beside the choice. */
  static acknowledges(reply: Reply): boolean {
    return reply.kind === 'answer' && reply.actions.length === 0;
  }

  /** Replaces the buttons with the choice, and `note` after it. Without the message's blocks there is nothing to replace. */
  async show(note?: string): Promise<void> {
    const blocks = this.message.blocks;
    if (!blocks) return;
    const chosen = `✓ *${escapeMrkdwn(this.choice)}*${note ? ` · ${toMrkdwn(note)}` : ''}`;
    await this.client.chat.update({
      channel: this.channel,
      ts: this.message.ts,
      text: this.message.text ?? this.choice,
      blocks: [...blocks.filter((block) => block.type !== 'actions' && !isChoiceLine(block)), context(chosen)],
    });
  }
}

/** The line a previous click left (a second click on a message replaces it). */
function isChoiceLine(block: types.KnownBlock): boolean {
  return block.type === 'context' && block.elements.some((e) => e.type === 'mrkdwn' && e.text.startsWith('✓ '));
}
