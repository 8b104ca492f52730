import { postJson } from './post-json.js';

export interface SlackApiOptions {
  token: string;
  /** Base URL of the Slack Web API, ending in /api/. */
  apiUrl: string;
}

/** A Web API answer: `ok` and whatever the method returns. */
export type SlackAnswer = { ok?: boolean; error?: string } & Record<string, unknown>;

/** One Slack Web API method, called with the bot token; rejects unless Slack answers ok. */
export function slackApi({ token, apiUrl }: SlackApiOptions) {
  const base = apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`;
  return async (method: string, body: Record<string, unknown>, signal: AbortSignal): Promise<SlackAnswer> => {
    const response = await postJson(new URL(method, base).href, body, signal, { authorization: `Bearer ${token}` });
    const answer = (await response.json().catch(() => ({}))) as SlackAnswer;
    if (!response.ok || answer.ok !== true) throw new Error(`Slack ${method}: ${answer.error ?? `HTTP ${response.status}`}`);
    return answer;
  };
}

export type SlackCall = ReturnType<typeof slackApi>;

/** A support thread's name in the store: its channel and the ts of its first message. */
export const threadName = (channel: string, ts: string) => `${channel}:${ts}`;

export function threadOf(name: string): { channel: string; ts: string } {
  const at = name.indexOf(':');
  return { channel: name.slice(0, at), ts: name.slice(at + 1) };
}
