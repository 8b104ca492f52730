import type { SessionStore } from '../core/dialog/session-store.js';
import type { SupportThreads } from '../store/store.js';
import type { HandoffTarget } from './dispatcher.js';
import { slackApi, threadName, type SlackApiOptions } from './slack-api.js';
import { deskLine, handoffSummary, wholeTranscript } from './summary.js';

export interface SlackTargetOptions extends SlackApiOptions {
  channel: string;
  /**
   * Staff answer in the summary's thread (Slack events reach updoc): the thread is linked to its
   * conversation, and what the person wrote before it existed is posted in it.
   */
  answeredHere?: { threads: SupportThreads; sessions: SessionStore };
}

/** Posts a summary of the handoff to a Slack channel with chat.postMessage; its thread becomes the conversation's support thread. */
export function slackTarget({ channel, answeredHere, ...api }: SlackTargetOptions): HandoffTarget {
  const call = slackApi(api);
  return {
    name: 'slack',
    async deliver({ packet }, signal) {
      const posted = await call('chat.postMessage', { channel, text: handoffSummary(packet, Boolean(answeredHere)), unfurl_links: false, unfurl_media: false }, signal);
      if (!answeredHere) return;
      const [postedIn, ts] = [posted.channel, posted.ts];
      if (typeof postedIn !== 'string' || typeof ts !== 'string') throw new Error('Slack chat.postMessage: no channel and ts in the answer');
      await answeredHere.threads.linkThread(packet.sessionId, threadName(postedIn, ts), packet.at);
      const inThread = (text: string) => call('chat.postMessage', { channel: postedIn, thread_ts: ts, text, unfurl_links: false, unfurl_media: false }, signal);
      const whole = wholeTranscript(packet);
      if (whole) await inThread(whole);
      // Messages the person wrote while the summary waited in the outbox: the desk had no thread for them yet.
      const later = (await answeredHere.sessions.load(packet.sessionId))?.transcript.filter((t) => t.from === 'person' && t.at > packet.at) ?? [];
      for (const entry of later) await inThread(deskLine({ type: 'message', text: entry.text }));
    },
  };
}
