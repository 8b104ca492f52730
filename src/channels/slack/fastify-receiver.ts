import { ReceiverMultipleAckError, verifySlackRequest, type App, type Logger, type Receiver } from '@slack/bolt';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Deduplicator } from '../../store/deduplicator.js';

export const SLACK_EVENTS_PATH = '/slack/events';

export interface FastifyReceiverOptions {
  signingSecret: string;
  logger: Logger;
  /** Remembers the signatures of requests handled, so a captured request replayed is not handled twice. */
  dedup: Deduplicator;
  /**
   * Answer Slack only once the listeners are done. Off in production: Slack wants its answer in
   * 3 s and the work goes on after the acknowledgement; tests turn it on to be deterministic.
   */
  processBeforeResponse?: boolean;
  now?: () => number;
}

/** Slack's own rule: a request is fresh for 5 minutes; a clock that far ahead is refused too. */
const FRESH_SECONDS = 5 * 60;

interface Answer {
  status: number;
  body?: unknown;
}

/**
 * Bolt's receiver for HTTP mode on updoc's own Fastify server: events and interactivity arrive at
 * POST /slack/events, are verified against the raw body (signature, and a timestamp within 5
 * minutes either way, else 401), handled once per signature (a replay within the window is
 * acknowledged and dropped) and handed to the app. The web server owns the socket, so start and
 * stop do nothing.
 */
export class FastifyReceiver implements Receiver {
  private app: App | undefined;
  private readonly processBeforeResponse: boolean;
  private readonly now: () => number;

  constructor(private readonly options: FastifyReceiverOptions) {
    this.processBeforeResponse = options.processBeforeResponse ?? false;
    this.now = options.now ?? Date.now;
  }

  init(app: App): void {
    this.app = app;
  }

  async start(): Promise<void> {}

  async stop(): Promise<void> {}

  /** The route, in its own encapsulated plugin whose parsers keep the body as the raw string Slack signed. */
  routes() {
    return async (scope: FastifyInstance) => {
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser(['application/json', 'application/x-www-form-urlencoded'], { parseAs: 'string' }, (_request, body, done) => done(null, body));
      scope.post(SLACK_EVENTS_PATH, (request, reply) => this.handle(request, reply));
    };
  }

  private async handle(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    const raw = typeof request.body === 'string' ? request.body : '';
    const signature = headerOf(request, 'x-slack-signature');
    const timestamp = Number(headerOf(request, 'x-slack-request-timestamp'));
    try {
      if (timestamp > this.now() / 1000 + FRESH_SECONDS) throw new Error(`the timestamp ${timestamp} is more than 5 minutes ahead`);
      verifySlackRequest({
        signingSecret: this.options.signingSecret,
        body: raw,
        headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestamp },
        nowMilliseconds: this.now(),
      });
    } catch (error) {
      this.options.logger.warn(`slack: refused a request to ${SLACK_EVENTS_PATH}: ${(error as Error).message}`);
      return reply.code(401).send();
    }
    const body = parseBody(raw, headerOf(request, 'content-type'));
    if (!body) return reply.code(400).send();
    if (await this.isReplay(signature)) {
      this.options.logger.warn(`slack: dropped a replayed ${String(body.type)} request (its signature was already handled)`);
      return reply.send();
    }
    if (body.ssl_check === '1') return reply.send();
    if (body.type === 'url_verification') return reply.send({ challenge: body.challenge });
    const retryNum = Number(headerOf(request, 'x-slack-retry-num')) || undefined;
    const retryReason = headerOf(request, 'x-slack-retry-reason') || undefined;
    const answer = await this.dispatch(body, retryNum, retryReason);
    return reply.code(answer.status).send(answer.body ?? '');
  }

  /**
   * A signature covers the timestamp and the body, so Slack's own retries (new timestamp) differ;
   * the same signature twice is a captured request played again. The window outlasts the freshness
   * rule. Without the store to ask, the request is handled: answering matters more.
   */
  private async isReplay(signature: string): Promise<boolean> {
    try {
      return await this.options.dedup.seen(`slack:signature:${signature}`, 2 * FRESH_SECONDS * 1000 + 60_000);
    } catch (error) {
      this.options.logger.warn(`slack: cannot check for a replayed request: ${(error as Error).message}`);
      return false;
    }
  }

  /** Resolves with Slack's answer: at the acknowledgement, or after the listeners when so configured. */
  private dispatch(body: Record<string, unknown>, retryNum: number | undefined, retryReason: string | undefined): Promise<Answer> {
    return new Promise((resolve) => {
      let acknowledged = false;
      let stored: unknown;
      const ack = async (response?: unknown) => {
        if (acknowledged) throw new ReceiverMultipleAckError();
        acknowledged = true;
        if (this.processBeforeResponse) stored = response;
        else resolve({ status: 200, body: response });
      };
      const event = { body, ack, ...(retryNum ? { retryNum } : {}), ...(retryReason ? { retryReason } : {}) };
      Promise.resolve(this.app?.processEvent(event))
        .then(() => {
          if (!acknowledged) this.options.logger.warn(`slack: no listener acknowledged a ${String(body.type)} request`);
          resolve(acknowledged ? { status: 200, body: stored } : { status: 404 });
        })
        .catch((error: unknown) => {
          this.options.logger.error(`slack: could not process a ${String(body.type)} request: ${(error as Error).message}`);
          resolve({ status: 500 });
        });
    });
  }
}

function headerOf(request: FastifyRequest, name: string): string {
  const value = request.headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

/** Events come as JSON; interactivity as a form whose `payload` field holds the JSON. Anything but a JSON object is undefined. */
function parseBody(raw: string, contentType: string): Record<string, unknown> | undefined {
  try {
    let parsed: unknown;
    if (contentType.startsWith('application/x-www-form-urlencoded')) {
      const form = new URLSearchParams(raw);
      const payload = form.get('payload');
      parsed = payload !== null ? JSON.parse(payload) : Object.fromEntries(form);
    } else {
      parsed = JSON.parse(raw);
    }
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
