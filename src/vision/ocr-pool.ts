import Tesseract from 'tesseract.js';

export interface OcrPoolOptions {
  /** Folder holding eng.traineddata.gz (the @tesseract.js-data/eng package): nothing is downloaded. */
  modelDir: string;
  /** Most workers running at once; each is a thread holding its own copy of the model (tens of MB). */
  size: number;
  /** Longest one recognition may take; the worker is then stopped and replaced. */
  timeoutMs: number;
}

export interface OcrResult {
  text: string;
  /** Mean word confidence, 0..1. */
  confidence: number;
}

export class OcrTimeoutError extends Error {}

/**
 * A small pool of warm tesseract.js workers: started on first use (loading the model takes about
 * a second), reused across images, and stopped by close() once the reads in progress are done.
 */
export class OcrPool {
  private readonly idle: Tesseract.Worker[] = [];
  private readonly busy = new Set<Promise<unknown>>();
  private readonly waiting: (() => void)[] = [];
  private running = 0;
  private closed = false;

  constructor(private readonly options: OcrPoolOptions) {}

  /**
   * `deskew`: let the recogniser find the text lines' slant and straighten the image first (a
   * photo); `timeoutMs`: a shorter limit than the pool's, for what is left of a reading's time.
   */
  async recognize(image: Buffer, options: { deskew?: boolean; timeoutMs?: number } = {}): Promise<OcrResult> {
    const limit = options.timeoutMs ?? this.options.timeoutMs;
    const job = this.acquire().then((worker) => this.recognizeOn(worker, image, options.deskew ?? false, limit));
    this.busy.add(job);
    try {
      return await job;
    } finally {
      this.busy.delete(job);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const wake of this.waiting.splice(0)) wake();
    await Promise.allSettled([...this.busy]);
    await Promise.allSettled(this.idle.splice(0).map((worker) => worker.terminate()));
  }

  private async recognizeOn(worker: Tesseract.Worker, image: Buffer, deskew: boolean, limit: number): Promise<OcrResult> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new OcrTimeoutError(`recognition took over ${limit} ms`)), limit);
    });
    const recognition = worker.recognize(image, { rotateAuto: deskew });
    // After a timeout the worker is terminated and nobody awaits its job: its end must not surface.
    recognition.catch(() => undefined);
    try {
      const { data } = await Promise.race([recognition, timeout]);
      this.release(worker);
      return { text: data.text, confidence: data.confidence / 100 };
    } catch (error) {
      // A worker that timed out is still recognising and one that failed may be broken: replace it.
      await this.discard(worker);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  private async acquire(): Promise<Tesseract.Worker> {
    for (;;) {
      if (this.closed) throw new Error('the screenshot reader is closed');
      const worker = this.idle.pop();
      if (worker) return worker;
      if (this.running < this.options.size) return this.start();
      await new Promise<void>((wake) => this.waiting.push(wake));
    }
  }

  private async start(): Promise<Tesseract.Worker> {
    this.running += 1;
    try {
      const worker = await Tesseract.createWorker('eng', Tesseract.OEM.LSTM_ONLY, {
        langPath: this.options.modelDir,
        gzip: true,
        // Read the model from the package every time: no cache file written into the working directory.
        cacheMethod: 'none',
        // Without a handler tesseract.js throws a failed job's error from its message listener,
        // which would end the process; the job's own promise rejects in any case.
        errorHandler: () => undefined,
      });
      // Screenshots carry no usable resolution; without one tesseract warns on stderr for every image.
      // Dark pages are inverted before they get here: trying each doubtful line inverted as well
      // only costs time (a quarter of it on clean screenshots).
      await worker.setParameters({ user_defined_dpi: '96', tessedit_do_invert: '0' }).catch(async (error: unknown) => {
        await worker.terminate();
        throw error;
      });
      return worker;
    } catch (error) {
      this.running -= 1;
      this.waiting.shift()?.();
      throw error;
    }
  }

  private release(worker: Tesseract.Worker): void {
    this.idle.push(worker);
    this.waiting.shift()?.();
  }

  private async discard(worker: Tesseract.Worker): Promise<void> {
    this.running -= 1;
    this.waiting.shift()?.();
    await worker.terminate().catch(() => undefined);
  }
}
