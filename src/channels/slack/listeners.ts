import type { App, BlockAction, ButtonAction, Context, webApi } from '@slack/bolt';
import type { TurnInput, TurnHandler } from '../../core/bot.js';
import type { Reply } from '../../core/reply/model.js';
import type { Deduplicator } from '../../store/deduplicator.js';
import type { SupportThreads } from '../../store/store.js';
import { ClickedMessage, type ClickedSlackMessage } from './clicked-message.js';
import { REPEAT_WINDOW_MS } from './drop-repeated-events.js';
import { plainText } from './incoming-text.js';
import { ACTION_PREFIX, roleOfActionId } from './render.js';
import { ScreenshotError, type ScreenshotFetcher, type SlackFile } from './screenshot.js';
import { passStaffMessage, supportSessionOf } from './staff-listener.js';
import type { StaffNames } from './staff-names.js';
import { ThreadReplier } from './thread-replier.js';

export interface ListenerDeps {
  bot: TurnHandler;
  screenshots: ScreenshotFetcher;
  /** Messages already answered: a mention in a thread arrives both as app_mention and as message. */
  dedup: Deduplicator;
  /** The handoffs' support threads: what staff write in one goes to its conversation. */
  threads: Pick<SupportThreads, 'sessionOfThread'>;
  names: StaffNames;
}

/** Where a conversation lives: one Slack thread is one updoc session. */
interface Thread {
  team: string;
  channel: string;
  ts: string;
}

/** The fields of app_mention and message events that updoc reads. */
interface IncomingMessage {
  channel: string;
  ts: string;
  thread_ts?: string;
  user?: string;
  bot_id?: string;
  subtype?: string;
  channel_type?: string;
  text?: string;
  files?: SlackFile[];
}

export const sessionKey = (thread: Thread) => `slack:${thread.team}:${thread.channel}:${thread.ts}`;

const teamOf = (context: Context) => context.teamId ?? context.enterpriseId ?? 'none';

/**
 * A mention starts (or continues) a conversation in its thread; after that, every message in the
 * thread is a turn without a mention; in a direct message, every message is. Buttons are turns too.
 * A message in a handoff's support thread is a staff member answering that conversation's person.
 */
export function registerListeners(app: App, deps: ListenerDeps): void {
  app.event('app_mention', async ({ event, context, client }) => {
    const message = event as IncomingMessage;
    const supported = await supportSessionOf(deps, message);
    if (supported) return passStaffMessage(deps, supported, message, client, context.botUserId);
    await answer(deps, { team: teamOf(context), channel: message.channel, ts: message.thread_ts ?? message.ts }, message, context, client);
  });

  app.event('message', async ({ event, context, client }) => {
    const message = event as IncomingMessage;
    if (message.subtype !== undefined && message.subtype !== 'file_share') return;
    const thread = { team: teamOf(context), channel: message.channel, ts: message.thread_ts ?? message.ts };
    if (message.channel_type !== 'im') {
      const supported = await supportSessionOf(deps, message);
      if (supported) return passStaffMessage(deps, supported, message, client, context.botUserId);
      const inThread = message.thread_ts !== undefined && message.thread_ts !== message.ts;
      if (!inThread || !(await deps.bot.session(sessionKey(thread)))) return;
    }
    await answer(deps, thread, message, context, client);
  });

  // A click: the clicked message shows the choice instead of its buttons, then the turn runs; the
  // thanks for a 👍 joins that line rather than arriving as a message of its own.
  app.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: new RegExp(`^${ACTION_PREFIX}`) }, async ({ ack, body, action, context, client }) => {
    await ack();
    const channel = body.channel?.id;
    const message = body.message as ClickedSlackMessage & { thread_ts?: string };
    if (!channel || !message || !action.value) return;
    const thread = { team: teamOf(context), channel, ts: message.thread_ts ?? message.ts };
    const replier = new ThreadReplier(client, channel, thread.ts);
    const clicked = new ClickedMessage(client, channel, message, action.text.text);
    // A choice shows at once; a 👍/👎 shows with its acknowledgement, once the turn has it.
    const feedback = roleOfActionId(action.action_id) === 'feedback';
    if (!feedback) replier.also(() => clicked.show());
    const show = (reply: Reply) => {
      if (feedback && reply.kind !== 'progress') {
        const thanks = ClickedMessage.acknowledges(reply) ? reply.text : undefined;
        replier.also(() => clicked.show(thanks));
        if (thanks) return;
      }
      replier.show(reply);
    };
    await converse(deps.bot, replier, thread, { action: action.value, requester: `slack:${thread.team}:${body.user.id}` }, show);
  });
}

async function answer(deps: ListenerDeps, thread: Thread, message: IncomingMessage, context: Context, client: webApi.WebClient): Promise<void> {
  // Other bots (and updoc itself) never start a turn: two bots could otherwise talk forever.
  if (message.bot_id || !message.user) return;
  if (await deps.dedup.seen(`slack:message:${message.channel}:${message.ts}`, REPEAT_WINDOW_MS)) return;
  const replier = new ThreadReplier(client, thread.channel, thread.ts);
  let image: TurnInput['image'];
  try {
    image = await deps.screenshots.fetch(message.files, client, context.botToken ?? '');
  } catch (error) {
    if (!(error instanceof ScreenshotError)) throw error;
    replier.note(error.message);
    return replier.finished();
  }
  await converse(deps.bot, replier, thread, {
    text: plainText(message.text ?? '', context.botUserId),
    ...(image ? { image } : {}),
    requester: `slack:${thread.team}:${message.user}`,
  });
}

async function converse(bot: TurnHandler, replier: ThreadReplier, thread: Thread, input: TurnInput, show = (reply: Reply) => replier.show(reply)): Promise<void> {
  try {
    await bot.handleTurn(sessionKey(thread), input, show);
  } finally {
    await replier.finished();
  }
}
