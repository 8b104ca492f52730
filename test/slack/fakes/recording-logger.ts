import { LogLevel, type Logger } from '@slack/bolt';

/** Bolt's logger interface, keeping every line so a test can wait for one. */
export class RecordingLogger implements Logger {
  readonly lines: { level: LogLevel; text: string }[] = [];
  private readonly waiters = new Set<() => void>();
  private level = LogLevel.INFO;

  debug(...parts: unknown[]): void {
    this.record(LogLevel.DEBUG, parts);
  }

  info(...parts: unknown[]): void {
    this.record(LogLevel.INFO, parts);
  }

  warn(...parts: unknown[]): void {
    this.record(LogLevel.WARN, parts);
  }

  error(...parts: unknown[]): void {
    this.record(LogLevel.ERROR, parts);
  }

  setLevel(level: LogLevel): void {
    this.level = level;
  }

  getLevel(): LogLevel {
    return this.level;
  }

  setName(): void {}

  linesAt(level: LogLevel): string[] {
    return this.lines.filter((l) => l.level === level).map((l) => l.text);
  }

  /** Resolves with the first line (already logged or to come) that matches. */
  until(pattern: RegExp): Promise<string> {
    const found = () => this.lines.find((l) => pattern.test(l.text))?.text;
    const now = found();
    if (now !== undefined) return Promise.resolve(now);
    return new Promise((resolve) => {
      const check = () => {
        const line = found();
        if (line === undefined) return;
        this.waiters.delete(check);
        resolve(line);
      };
      this.waiters.add(check);
    });
  }

  private record(level: LogLevel, parts: unknown[]): void {
    this.lines.push({ level, text: parts.map((p) => (p instanceof Error ? p.message : String(p))).join(' ') });
    for (const check of [...this.waiters]) check();
  }
}
