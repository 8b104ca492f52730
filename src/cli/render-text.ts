import type { Reply } from '../core/reply/model.js';

/** A reply as a person reads it in a terminal: the text, then numbered buttons. */
export function renderReplyText(reply: Reply): string {
  const buttons = reply.actions.map((a, i) => `[${i + 1}] ${a.label}`).join('   ');
  return buttons ? `${reply.text}\n\n  ${buttons}\n` : `${reply.text}\n`;
}
