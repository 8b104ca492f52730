import { ReceiverMultipleAckError, verifySlackRequest, type App, type Logger, type Receiver } from '@slack/bolt';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export const SLACK_EVENTS_PATH = '/slack/events';

export interface FastifyReceiverOptions {
  signingSecret: string;
  logger: Logger;
  /**
   * Answer Slack only once the listeners are done. Off in production: Slack wants its answer in
   * 3 s and the work goes on after the acknowledgement; tests turn it on to be deterministic.
   */
  processBeforeResponse?: boolean;
  now?: () => number;
}

interface Answer {
  status: number;
  body?: unknown;
}

/**
 * Bolt's receiver for HTTP mode on updoc's own Fastify server: events and interactivity arrive at
 * POST /slack/events, are verified against the raw body (signature and 5-minute freshness, else
 * 401) and handed to the app. The web server owns the socket, so start and stop do nothing.
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
    try {
      verifySlackRequest({
        signingSecret: this.options.signingSecret,
        body: raw,
        headers: {
          'x-slack-signature': headerOf(request, 'x-slack-signature'),
          'x-slack-request-timestamp': Number(headerOf(request, 'x-slack-request-timestamp')),
        },
        nowMilliseconds: this.now(),
      });
    } catch (error) {
      this.options.logger.warn(`slack: refused a request to ${SLACK_EVENTS_PATH}: ${(error as Error).message}`);
      return reply.code(401).send();
    }
    let body: Record<string, unknown>;
    try {
      body = parseBody(raw, headerOf(request, 'content-type'));
    } catch {
      return reply.code(400).send();
    }
    if (body.ssl_check === '1') return reply.send();
    if (body.type === 'url_verification') return reply.send({ challenge: body.challenge });
    const retryNum = Number(headerOf(request, 'x-slack-retry-num')) || undefined;
    const retryReason = headerOf(request, 'x-slack-retry-reason') || undefined;
    const answer = await this.dispatch(body, retryNum, retryReason);
    return reply.code(answer.status).send(answer.body ?? '');
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

/** Events come as JSON; interactivity as a form whose `payload` field holds the JSON. */
function parseBody(raw: string, contentType: string): Record<string, unknown> {
  if (contentType.startsWith('application/x-www-form-urlencoded')) {
    const form = new URLSearchParams(raw);
    const payload = form.get('payload');
    return payload !== null ? (JSON.parse(payload) as Record<string, unknown>) : Object.fromEntries(form);
  }
  return JSON.parse(raw) as Record<string, unknown>;
}
