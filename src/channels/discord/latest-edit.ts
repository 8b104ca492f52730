/**
 * Applies edits one at a time, in order, skipping any that a newer one has replaced while an edit
 * was in flight: a fast probe's progress does not queue up behind Discord's rate limit, and the
 * last edit (the answer) is always applied.
 */
export class LatestEdit<T> {
  private pending: { value: T } | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly apply: (value: T) => Promise<unknown>,
    private readonly onError: (error: unknown) => void,
  ) {}

  show(value: T): void {
    this.pending = { value };
    this.running ??= this.drain();
  }

  /** Resolves once every edit shown so far has been applied (or has failed and been reported). */
  async settled(): Promise<void> {
    await this.running;
  }

  private async drain(): Promise<void> {
    while (this.pending) {
      const { value } = this.pending;
      this.pending = undefined;
      try {
        await this.apply(value);
      } catch (error) {
        this.onError(error);
      }
    }
    this.running = undefined;
  }
}
