import type { DeskNote, StaffDesk } from '../core/ports.js';
import type { SupportThreads } from '../store/store.js';
import { slackApi, threadOf, type SlackApiOptions } from './slack-api.js';
import { deskLine } from './summary.js';

const TELL_TIMEOUT_MS = 10_000;

/**
 * The staff's side of a handoff in Slack: what the person writes while it is open goes to the
 * conversation's support thread. Before the summary has opened the thread, there is nowhere to
 * post: the summary's delivery posts those messages after it.
 */
export function slackDesk(options: SlackApiOptions & { threads: SupportThreads }): StaffDesk {
  const call = slackApi(options);
  return {
    async tell(sessionId: string, note: DeskNote): Promise<void> {
      const thread = await options.threads.threadOfSession(sessionId);
      if (!thread) return;
      const { channel, ts } = threadOf(thread);
      await call('chat.postMessage', { channel, thread_ts: ts, text: deskLine(note), unfurl_links: false, unfurl_media: false }, AbortSignal.timeout(TELL_TIMEOUT_MS));
    },
  };
}
