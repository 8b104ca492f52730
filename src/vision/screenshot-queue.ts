import type { ScreenshotReaderPort, ScreenshotText } from '../core/ports.js';
import { ScreenshotError } from './types.js';

export interface ScreenshotQueueLimits {
  /** Screenshots read at once (the OCR workers). */
  reading: number;
  /** Screenshots that may wait for a free reader. */
  waiting: number;
  /** Longest a screenshot waits for a free reader before the person is told to try again. */
  maxWaitMs: number;
}

/** One reader, a short queue and a quick "try again" rather than a wait behind someone's slow images. */
export const DEFAULT_QUEUE_LIMITS: ScreenshotQueueLimits = { reading: 1, waiting: 8, maxWaitMs: 1_500 };

const BUSY = "I'm reading other screenshots right now. Please send yours again in a minute, or paste the error's text instead.";
const ONE_AT_A_TIME = "I'm still reading your previous screenshot. Send the next one once I've answered that one.";

/**
 * Reading a screenshot takes seconds of OCR, so reads queue, boundedly and fairly: each person
 * (the turn's requester) has at most one screenshot reading or waiting, the queue has a fixed
 * length, and a screenshot that cannot start within maxWaitMs is answered "busy, try again" at
 * once. Someone sending heavy images then costs everyone else a short wait at most.
 */
export class ScreenshotQueue implements ScreenshotReaderPort {
  private readonly limits: ScreenshotQueueLimits;
  /** Reads waiting for a reader, oldest first: each one's start. */
  private readonly queued: (() => void)[] = [];
  /** Requesters with a screenshot reading or waiting. */
  private readonly holding = new Set<string>();
  private reading = 0;

  constructor(private readonly reader: ScreenshotReaderPort, limits: Partial<ScreenshotQueueLimits> = {}) {
    this.limits = { ...DEFAULT_QUEUE_LIMITS, ...limits };
  }

  async read(image: Buffer, options: { filename?: string; requester?: string } = {}): Promise<ScreenshotText> {
    const requester = options.requester ?? 'anonymous';
    if (this.holding.has(requester)) throw new ScreenshotError('busy', ONE_AT_A_TIME);
    if (this.reading >= this.limits.reading && this.queued.length >= this.limits.waiting) throw new ScreenshotError('busy', BUSY);
    this.holding.add(requester);
    try {
      await this.turn();
      try {
        return await this.reader.read(image, options);
      } finally {
        this.reading -= 1;
        this.queued.shift()?.();
      }
    } finally {
      this.holding.delete(requester);
    }
  }

  /** Resolves once this read may start (and counts it as reading); rejects with "busy" after maxWaitMs. */
  private turn(): Promise<void> {
    if (this.reading < this.limits.reading) {
      this.reading += 1;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const waiter = () => {
        clearTimeout(timer);
        this.reading += 1;
        resolve();
      };
      const timer = setTimeout(() => {
        this.queued.splice(this.queued.indexOf(waiter), 1);
        reject(new ScreenshotError('busy', BUSY));
      }, this.limits.maxWaitMs);
      this.queued.push(waiter);
    });
  }
}
