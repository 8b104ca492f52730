import type { Log } from '../../../src/channels/discord/log.js';
import { Recorder } from './recorder.js';

export interface LogEntry {
  level: 'info' | 'warn' | 'error';
  message: string;
  details: Record<string, unknown>;
}

/** A Log that keeps every line, to assert on what the channel reported. */
export class RecordingLog implements Log {
  readonly entries = new Recorder<LogEntry>();

  info(details: object, message: string): void {
    this.entries.push({ level: 'info', message, details: details as Record<string, unknown> });
  }

  warn(details: object, message: string): void {
    this.entries.push({ level: 'warn', message, details: details as Record<string, unknown> });
  }

  error(details: object, message: string): void {
    this.entries.push({ level: 'error', message, details: details as Record<string, unknown> });
  }
}
