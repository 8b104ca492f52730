import type { types, webApi } from '@slack/bolt';
import type { OutOfTurnMessage, PersonOutlet } from '../../core/ports.js';
import { escapeMrkdwn, splitMrkdwn } from './mrkdwn.js';
import { clip, context, renderReply, SLACK_LIMITS, type SlackMessage } from './render.js';

/** Slack conversations' session ids: `slack:TEAM:CHANNEL:THREAD_TS`. */
export const isSlackSession = (sessionId: string) => sessionId.startsWith('slack:');

/** A staff member's words in the person's thread: who wrote, then what, as written (escaped, never markup). */
export function renderStaffMessage(author: string, text: string): SlackMessage {
  const escaped = escapeMrkdwn(text);
  const sections = splitMrkdwn(escaped, SLACK_LIMITS.sectionText).slice(0, SLACK_LIMITS.blocks - 1);
  const blocks: types.KnownBlock[] = [context(`*${escapeMrkdwn(author)}* · support team`), ...sections.map((s): types.SectionBlock => ({ type: 'section', text: { type: 'mrkdwn', text: s } }))];
  return { text: clip(`${escapeMrkdwn(author)} (support team): ${escaped}`, SLACK_LIMITS.fallbackText), blocks };
}

function rendered(message: OutOfTurnMessage): SlackMessage {
  return message.from === 'staff' ? renderStaffMessage(message.author, message.text) : renderReply(message.reply);
}

/** Staff replies to a conversation held in a Slack thread are posted in that thread. */
export function slackOutlet(client: webApi.WebClient): PersonOutlet {
  return {
    async deliver({ sessionId, messages }) {
      const [, , channel, threadTs] = sessionId.split(':');
      if (!channel || !threadTs) throw new Error(`not a Slack conversation: ${sessionId}`);
      for (const message of messages) await client.chat.postMessage({ channel, thread_ts: threadTs, ...rendered(message) });
    },
  };
}
