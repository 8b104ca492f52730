import { escapeMrkdwn } from '../channels/slack/mrkdwn.js';
import type { HandoffPacket } from '../core/ports.js';

const LAST_MESSAGES = 6;
const MESSAGE_CHARS = 300;

/**
 * A short Slack message for the people taking over: what updoc found and the last few messages.
 * Everything that came from outside (the person's words, the site they named) is escaped, so a
 * `<!channel>` or a disguised `<http://…|link>` arrives as the text it is, never as markup.
 */
export function handoffSummary(packet: HandoffPacket): string {
  const { intent, vendor, upstream, cause, article, confidence } = packet.diagnosis;
  const found = [
    vendor !== 'unknown' ? `vendor ${vendor}` : '',
    upstream !== 'unknown' ? `app server ${upstream}` : '',
    cause !== 'unknown' ? `cause ${cause}` : '',
    article ? `article \`${article}\`` : '',
  ].filter(Boolean);
  const lines = [
    `*A person asked for help* (session \`${escapeMrkdwn(packet.sessionId)}\`, ${new Date(packet.at).toISOString()})`,
    `updoc's diagnosis: ${found.length > 0 ? found.join(', ') : 'nothing certain'} (intent ${intent}, confidence ${confidence})`,
  ];
  if (packet.probe) lines.push(`Live check of ${escapeMrkdwn(packet.probe.url)}: ${escapeMrkdwn(packet.probe.verdict)}`);
  lines.push('Last messages:');
  for (const entry of packet.transcript.slice(-LAST_MESSAGES)) {
    const text = entry.text.replace(/\s+/g, ' ').trim();
    const short = text.length > MESSAGE_CHARS ? `${text.slice(0, MESSAGE_CHARS - 1)}…` : text;
    lines.push(`> *${entry.from === 'person' ? 'person' : 'updoc'}:* ${escapeMrkdwn(short)}`);
  }
  return lines.join('\n');
}
