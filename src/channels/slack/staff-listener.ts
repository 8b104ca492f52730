import type { webApi } from '@slack/bolt';
import type { StaffMessageOutcome, TurnHandler } from '../../core/bot.js';
import { threadName } from '../../handoff/slack-api.js';
import type { Deduplicator } from '../../store/deduplicator.js';
import type { SupportThreads } from '../../store/store.js';
import { REPEAT_WINDOW_MS } from './drop-repeated-events.js';
import { plainText } from './incoming-text.js';
import { escapeMrkdwn } from './mrkdwn.js';
import type { StaffNames } from './staff-names.js';

export interface StaffDeps {
  bot: TurnHandler;
  dedup: Deduplicator;
  threads: Pick<SupportThreads, 'sessionOfThread'>;
  names: StaffNames;
}

/** The fields of a message in a support thread that updoc reads. */
export interface StaffMessage {
  channel: string;
  ts: string;
  thread_ts?: string;
  user?: string;
  bot_id?: string;
  text?: string;
}

/** What the staff are told in the thread when their message did not reach the person. */
function undelivered(outcome: StaffMessageOutcome): string | undefined {
  switch (outcome.status) {
    case 'delivered':
      return undefined;
    case 'kept':
      return '_The person is not connected right now: they see your message when they come back to the conversation._';
    case 'closed':
      return '_Not delivered: the person went back to the bot. If they ask for a person again, this thread hears of it._';
    case 'expired':
      return '_Not delivered: this conversation has expired._';
    case 'unreachable':
      return `_Not delivered: ${escapeMrkdwn(outcome.reason)}._`;
  }
}

/** The conversation whose support thread a message is in, if it is in one. */
export async function supportSessionOf(deps: StaffDeps, message: StaffMessage): Promise<string | undefined> {
  if (!message.thread_ts || message.thread_ts === message.ts) return undefined;
  return deps.threads.sessionOfThread(threadName(message.channel, message.thread_ts));
}

/**
 * A staff member wrote in a handoff's support thread: their words go to the person (the bot
 * delivers them where the person is), and the thread hears when they could not.
 */
export async function passStaffMessage(deps: StaffDeps, sessionId: string, message: StaffMessage, client: webApi.WebClient, botUserId: string | undefined): Promise<void> {
  // updoc's own posts in the thread (the person's words, notes) are not staff replies.
  if (message.bot_id || !message.user || !message.thread_ts) return;
  if (await deps.dedup.seen(`slack:message:${message.channel}:${message.ts}`, REPEAT_WINDOW_MS)) return;
  const text = plainText(message.text ?? '', botUserId);
  if (!text) return;
  const author = await deps.names.of(message.user, client);
  const note = undelivered(await deps.bot.staffMessage(sessionId, { text, author }));
  if (note) await client.chat.postMessage({ channel: message.channel, thread_ts: message.thread_ts, text: note });
}
