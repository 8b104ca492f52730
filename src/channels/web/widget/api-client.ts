import { readEventStream } from './sse.js';
import type { Reply, StoredConversation, StoredMessage, TurnInput } from './types.js';

/** A refusal from the server, carrying its own words for the person. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

export const SCREENSHOT_TYPES = ['image/png', 'image/jpeg', 'image/webp'];

async function errorOf(response: Response): Promise<ApiError> {
  try {
    const body = (await response.json()) as { error?: { code?: string; message?: string } };
    if (body.error?.message) return new ApiError(response.status, body.error.code ?? 'error', body.error.message);
  } catch {
    // Not the API's JSON (a proxy's page, say): fall through to the status line.
  }
  return new ApiError(response.status, 'http_error', `The support server answered ${response.status} ${response.statusText}.`.trim());
}

export class ChatClient {
  constructor(private readonly apiBase: string) {}

  private url(path: string): string {
    return new URL(path, this.apiBase).href;
  }

  /** One turn over server-sent events: `onReply` hears each reply (progress first) as soon as it is ready. */
  async streamTurn(sessionId: string | null, input: TurnInput, onSession: (id: string) => void, onReply: (reply: Reply) => void): Promise<void> {
    const response = await fetch(this.url('api/chat/stream'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify(sessionId ? { sessionId, ...input } : input),
    });
    if (!response.ok || !response.body) throw await errorOf(response);
    let failure: ApiError | undefined;
    let done = false;
    await readEventStream(response.body, (message) => {
      const event = message.event;
      const payload = JSON.parse(message.data) as { sessionId?: string; code?: string; message?: string } & Reply;
      if (event === 'session' && payload.sessionId) onSession(payload.sessionId);
      else if (event === 'reply') onReply(payload);
      else if (event === 'done') done = true;
      else if (event === 'error') failure = new ApiError(500, payload.code ?? 'internal', payload.message ?? 'Something went wrong.');
    });
    if (failure) throw failure;
    if (!done) throw new ApiError(0, 'interrupted', 'The connection broke before the answer was complete. Please try again.');
  }

  async restore(sessionId: string): Promise<StoredConversation> {
    const response = await fetch(this.url(`api/sessions/${encodeURIComponent(sessionId)}`));
    if (!response.ok) throw await errorOf(response);
    return (await response.json()) as StoredConversation;
  }

  /**
   * Watches a conversation's out-of-turn messages (staff replies) after message number `after`,
   * until the stream ends (the server closed it) or `signal` aborts it.
   */
  async watch(sessionId: string, after: number, onMessages: (messages: StoredMessage[]) => void, signal: AbortSignal): Promise<void> {
    const response = await fetch(this.url(`api/sessions/${encodeURIComponent(sessionId)}/events?after=${after}`), { headers: { accept: 'text/event-stream' }, signal });
    if (!response.ok || !response.body) throw await errorOf(response);
    await readEventStream(response.body, (message) => {
      if (message.event === 'messages') onMessages(JSON.parse(message.data) as StoredMessage[]);
    });
  }

  async sendScreenshot(sessionId: string | null, image: Blob): Promise<{ sessionId: string; replies: Reply[] }> {
    const query = sessionId ? `?sessionId=${encodeURIComponent(sessionId)}` : '';
    const response = await fetch(this.url(`api/screenshot${query}`), {
      method: 'POST',
      headers: { 'content-type': image.type },
      body: image,
    });
    if (!response.ok) throw await errorOf(response);
    return (await response.json()) as { sessionId: string; replies: Reply[] };
  }
}
