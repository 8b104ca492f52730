import type { Reply } from '../core/reply/model.js';
import { renderReplyText } from './render-text.js';

export interface ReplyPrinter {
  /** Hears every reply of a turn as it is ready (progress first, the answer last). */
  print(reply: Reply): void;
}

/** Erases the terminal's current line, so that a progress line can be written over itself. */
const REWRITE_LINE = '\r\u001b[2K';

/**
 * Prints a turn's replies to a stream. With `json`, one reply-model object per line, progress
 * included. As text, a live check's progress is one line that updates in place on a terminal,
 * and only its final state (once, before the answer) when the output is a pipe or a file.
 */
export function replyPrinter(out: NodeJS.WritableStream & { isTTY?: boolean }, options: { json?: boolean; prefix?: string } = {}): ReplyPrinter {
  let progress: string | undefined;
  return {
    print(reply) {
      if (options.json) {
        out.write(`${JSON.stringify(reply)}\n`);
        return;
      }
      if (reply.kind === 'progress') {
        const line = reply.text.replace(/\s*\n\s*/g, ' ');
        if (out.isTTY) out.write(`${REWRITE_LINE}${line}`);
        progress = line;
        return;
      }
      if (progress !== undefined) out.write(out.isTTY ? '\n' : `${progress}\n`);
      progress = undefined;
      out.write(`${options.prefix ?? ''}${renderReplyText(reply)}`);
    },
  };
}
