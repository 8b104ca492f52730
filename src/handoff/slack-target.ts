import type { HandoffTarget } from './dispatcher.js';
import { postJson } from './post-json.js';
import { handoffSummary } from './summary.js';

export interface SlackTargetOptions {
  token: string;
  channel: string;
  /** Base URL of the Slack Web API, ending in /api/. */
  apiUrl: string;
}

/** Posts a summary of the handoff to a Slack channel with chat.postMessage. */
export function slackTarget({ token, channel, apiUrl }: SlackTargetOptions): HandoffTarget {
  const endpoint = new URL('chat.postMessage', apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`).href;
  return {
    name: 'slack',
    async deliver({ packet }, signal) {
      const response = await postJson(endpoint, { channel, text: handoffSummary(packet), unfurl_links: false, unfurl_media: false }, signal, {
        authorization: `Bearer ${token}`,
      });
      const answer = (await response.json().catch(() => ({}))) as { ok?: boolean; error?: string };
      if (!response.ok || answer.ok !== true) throw new Error(`Slack chat.postMessage: ${answer.error ?? `HTTP ${response.status}`}`);
    },
  };
}
