import { escapeMrkdwn } from '../channels/slack/mrkdwn.js';
import type { DeskNote, HandoffPacket } from '../core/ports.js';

const LAST_MESSAGES = 6;
const MESSAGE_CHARS = 300;
/** A message in the whole transcript, or one relayed while the handoff is open. */
const LONG_MESSAGE_CHARS = 3_000;
/** Slack refuses a message over 40,000 characters. */
const TRANSCRIPT_CHARS = 35_000;

const WHO = { person: 'person', bot: 'updoc', staff: 'support' } as const;

/**
 * One message as a quote, escaped and cut to `limit` characters: on one line in a summary, with
 * its own line breaks kept (a pasted log) when shown in full.
 */
function quoted(entry: HandoffPacket['transcript'][number], limit: number, keepLines = false): string {
  const text = keepLines ? entry.text.trim() : entry.text.replace(/\s+/g, ' ').trim();
  const short = text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
  return `> *${WHO[entry.from]}:* ${escapeMrkdwn(short).replace(/\n/g, '\n> ')}`;
}

/**
 * A short Slack message for the people taking over: what updoc found and the last few messages.
 * Everything that came from outside (the person's words, the site they named, their email) is
 * escaped, so a `<!channel>` or a disguised `<http://…|link>` arrives as the text it is, never as
 * markup. `answeredHere`: replies in the message's thread reach the person.
 */
export function handoffSummary(packet: HandoffPacket, answeredHere = false): string {
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
  if (packet.contact?.email) lines.push(`Email: ${escapeMrkdwn(packet.contact.email)}`);
  lines.push('Last messages:');
  for (const entry of packet.transcript.slice(-LAST_MESSAGES)) lines.push(quoted(entry, MESSAGE_CHARS));
  if (answeredHere) lines.push('_Reply in this thread: updoc passes what you write to the person, in their chat, and what they write back to this thread._');
  return lines.join('\n');
}

/** The whole conversation, for the thread, when the summary shows only its end; undefined when it shows it all. */
export function wholeTranscript(packet: HandoffPacket): string | undefined {
  if (packet.transcript.length <= LAST_MESSAGES) return undefined;
  const lines = [`*The whole conversation* (${packet.transcript.length} messages):`];
  let length = lines[0]?.length ?? 0;
  for (const entry of packet.transcript) {
    const line = quoted(entry, LONG_MESSAGE_CHARS, true);
    if (length + line.length + 1 > TRANSCRIPT_CHARS) {
      lines.push('_(the rest is in the summary above)_');
      break;
    }
    lines.push(line);
    length += line.length + 1;
  }
  return lines.join('\n');
}

/** What the person's side of an open handoff posts in its support thread. */
export function deskLine(note: DeskNote): string {
  switch (note.type) {
    case 'message':
      return quoted({ from: 'person', text: note.text, at: 0 }, LONG_MESSAGE_CHARS, true);
    case 'returned_to_bot':
      return '_The person went back to the bot: what you write here no longer reaches them._';
    case 'asked_again':
      return '_The person asked for a person again: what you write here reaches them._';
  }
}
