import type { Socket } from 'node:net';
import { BodyReader, framingOf } from './body-reader.js';
import { timeoutFailure, type Budget, type Deadline } from './deadline.js';
import { ProbeFailure, socketFailure } from './failure.js';
import { findHeadEnd, looksLikeHttp, parseHead, type ResponseHead } from './response-head.js';
import type { Clock } from './types.js';

export interface HttpResponse extends ResponseHead {
  /** At most the body cap. */
  body: Buffer;
  /** What went wrong after the head arrived: a cut-off body, a body that never ended. */
  bodyProblem: string | null;
}

export interface ExchangeResult {
  response: HttpResponse | null;
  /** Request written → first byte of the answer. */
  ttfb: number | null;
  /** Why there is no response. */
  failure: ProbeFailure | null;
}

export interface ExchangeLimits {
  deadline: Deadline;
  clock: Clock;
  ttfbMs: number;
  readMs: number;
  headCapBytes: number;
  bodyCapBytes: number;
}

const printable = (bytes: Buffer) => JSON.stringify(bytes.subarray(0, 60).toString('latin1'));
const notHttp = (received: Buffer) =>
  new ProbeFailure('protocol', 'http', `the server answered with something that is not HTTP: ${printable(received)}`);

/** Sends one request over an open connection and reads the answer: head, then the body up to the cap. */
export function exchange(socket: Socket, request: string, limits: ExchangeLimits): Promise<ExchangeResult> {
  const { deadline, clock } = limits;
  return new Promise((resolve) => {
    let received = Buffer.alloc(0);
    let head: ResponseHead | null = null;
    let body: BodyReader | null = null;
    let ttfb: number | null = null;
    let settled = false;
    const sentAt = clock.now();
    const arm = (budget: Budget, what: string) => setTimeout(() => onTimeout(budget, what), budget.ms);
    let timer = arm(deadline.budget(limits.ttfbMs), 'answer');

    /** Once the head has arrived, only `bodyProblem` matters: the answer is there. */
    function finish(failure: ProbeFailure | null, bodyProblem: string | null = null): void {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (!head || !body) {
        resolve({ response: null, ttfb, failure });
        return;
      }
      resolve({ response: { ...head, body: body.body(), bodyProblem: bodyProblem ?? body.problem() }, ttfb, failure: null });
    }

    function onTimeout(budget: Budget, what: string): void {
      const failure = timeoutFailure('http', what, budget);
      finish(failure, `the body did not end in time (${failure.message})`);
    }

    function readHead(): void {
      for (;;) {
        if (looksLikeHttp(received) === false) return finish(notHttp(received));
        const end = findHeadEnd(received);
        if (!end) {
          if (received.length > limits.headCapBytes) {
            finish(new ProbeFailure('protocol', 'http', `the response headers are larger than ${limits.headCapBytes} bytes`));
          }
          return;
        }
        const parsed = parseHead(received.subarray(0, end.headLength).toString('latin1'));
        if (typeof parsed === 'string') return finish(new ProbeFailure('protocol', 'http', parsed));
        received = received.subarray(end.bodyStart);
        // 1xx answers (100 Continue, 103 Early Hints) come before the real one.
        if (parsed.status >= 100 && parsed.status < 200 && parsed.status !== 101) continue;
        head = parsed;
        body = new BodyReader(framingOf(parsed.status, parsed.headers), limits.bodyCapBytes);
        if (body.push(received)) finish(null);
        return;
      }
    }

    socket.on('data', (chunk: Buffer) => {
      if (settled) return;
      if (ttfb === null) {
        ttfb = clock.now() - sentAt;
        clearTimeout(timer);
        timer = arm(deadline.budget(limits.readMs), 'complete answer');
      }
      if (body) {
        if (body.push(chunk)) finish(null);
        return;
      }
      received = Buffer.concat([received, chunk]);
      readHead();
    });
    socket.on('error', (error) => finish(socketFailure(error, 'http'), `the connection broke while the body was read (${error.message})`));
    socket.on('close', () => {
      if (head) return finish(null);
      if (received.length === 0) return finish(new ProbeFailure('no_answer', 'http', 'the server closed the connection without answering'));
      finish(looksLikeHttp(received) === false ? notHttp(received) : new ProbeFailure('protocol', 'http', 'the answer ended in the middle of its headers'));
    });
    socket.write(request);
  });
}
