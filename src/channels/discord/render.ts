import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponentWithCustomId, type APIEmbed } from 'discord.js';
import type { OutOfTurnMessage } from '../../core/ports.js';
import type { Reply, ReplyAction, ReplyKind } from '../../core/reply/model.js';
import { checklistText } from '../../core/reply/probe-checklist.js';
import { buttonId, CUSTOM_ID_LIMIT, textButtonId } from './custom-id.js';
import { escapeDiscordText, toDiscordMarkdown } from './markdown.js';

/** What the renderer reads of a reply; the channel's own notices ("something went wrong") fit it too. */
export type Renderable = Pick<Reply, 'kind' | 'text' | 'actions'> & Partial<Pick<Reply, 'checklist'>>;

/**
 * The button under every reply (but progress) that opens a text box: on Discord the bot hears
 * only commands and clicks, so this is how a person sends a log line, more details or a reply to
 * the support team within the same conversation.
 */
export const TEXT_BUTTON_LABEL = 'Reply with text';

export interface DiscordMessage {
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponentWithCustomId>[];
}

// Discord's limits: an embed's description and footer, a button's label, buttons per row, rows.
export const DESCRIPTION_LIMIT = 4096;
const FOOTER_LIMIT = 2048;
const AUTHOR_LIMIT = 256;
const EMBED_LIMIT = 10;
export const LABEL_LIMIT = 80;
export const BUTTONS_PER_ROW = 5;
export const ROW_LIMIT = 5;

const LOOK: Record<ReplyKind, { title: string; color: number }> = {
  answer: { title: 'Answer', color: 0x2ecc71 },
  question: { title: 'A quick question', color: 0x5865f2 },
  progress: { title: 'Checking…', color: 0x95a5a6 },
  handoff: { title: 'Support team', color: 0xe67e22 },
  error: { title: 'Sorry', color: 0xe74c3c },
};

/** A reply as one embed with its actions as buttons; `note` (e.g. why a screenshot was skipped) goes in the footer. */
export function renderReply(reply: Renderable, sessionId: string, note?: string): DiscordMessage {
  const { title, color } = LOOK[reply.kind];
  const shown = reply.kind === 'progress' && reply.checklist ? checklistText(reply.checklist) : reply.text;
  const embed: APIEmbed = { title, color, description: fit(toDiscordMarkdown(shown), DESCRIPTION_LIMIT) };
  if (note) embed.footer = { text: fit(note, FOOTER_LIMIT) };
  return { embeds: [embed], components: reply.kind === 'progress' ? [] : buttonRows(reply.actions, sessionId) };
}

/**
 * Messages for the person outside their turns (a staff member's words, "Alex joined"), as one
 * message: an embed each, and the buttons of the last that has any.
 */
export function renderOutOfTurn(messages: readonly OutOfTurnMessage[], sessionId: string): DiscordMessage {
  const embeds = messages.map((m): APIEmbed => {
    if (m.from === 'bot') return renderReply(m.reply, sessionId).embeds[0] as APIEmbed;
    return { author: { name: fit(`${m.author} · support team`, AUTHOR_LIMIT) }, color: LOOK.handoff.color, description: fit(escapeDiscordText(m.text), DESCRIPTION_LIMIT) };
  });
  const actions = messages.flatMap((m) => (m.from === 'bot' ? [m.reply.actions] : [])).findLast((a) => a.length > 0) ?? [];
  return { embeds: embeds.slice(-EMBED_LIMIT), components: buttonRows(actions, sessionId) };
}

/**
 * Choices get rows of their own, above feedback, "talk to a person" and the text button, when the
 * rows allow it.
 */
function buttonRows(actions: readonly ReplyAction[], sessionId: string): DiscordMessage['components'] {
  const shown = [...withinLimit(carriable(actions, sessionId), BUTTONS_PER_ROW * ROW_LIMIT - 1).map((action) => button(action, sessionId)), textButton(sessionId)];
  const choices = shown.filter((b) => b.style === ButtonStyle.Primary);
  const others = shown.filter((b) => b.style !== ButtonStyle.Primary);
  const grouped = [...inRows(choices), ...inRows(others)];
  return grouped.length <= ROW_LIMIT ? grouped : inRows(shown);
}

function textButton(sessionId: string): APIButtonComponentWithCustomId {
  return { type: ComponentType.Button, style: ButtonStyle.Secondary, label: TEXT_BUTTON_LABEL, emoji: { name: '✍️' }, custom_id: textButtonId(sessionId) };
}

function inRows(buttons: APIButtonComponentWithCustomId[]): DiscordMessage['components'] {
  const rows: DiscordMessage['components'] = [];
  for (let start = 0; start < buttons.length; start += BUTTONS_PER_ROW) {
    rows.push({ type: ComponentType.ActionRow, components: buttons.slice(start, start + BUTTONS_PER_ROW) });
  }
  return rows;
}

/** Discord refuses a whole message over one duplicate or over-long custom_id: such actions are left out. */
function carriable(actions: readonly ReplyAction[], sessionId: string): ReplyAction[] {
  const seen = new Set<string>();
  return actions.filter((action) => {
    const id = buttonId(sessionId, action.id);
    if (seen.has(id) || id.length > CUSTOM_ID_LIMIT) return false;
    seen.add(id);
    return true;
  });
}

/** Too many actions: the first ones stay, and so do "talk to a person" and "back to the bot", which must never be lost. */
function withinLimit(actions: ReplyAction[], limit: number): ReplyAction[] {
  if (actions.length <= limit) return actions;
  const kept = actions.filter((action) => action.role === 'handoff' || action.role === 'back');
  return [...actions.filter((action) => !kept.includes(action)).slice(0, limit - kept.length), ...kept];
}

function button(action: ReplyAction, sessionId: string): APIButtonComponentWithCustomId {
  return {
    type: ComponentType.Button,
    style: action.role === 'choice' ? ButtonStyle.Primary : action.role === 'handoff' || action.role === 'back' ? ButtonStyle.Success : ButtonStyle.Secondary,
    label: fit(action.label, LABEL_LIMIT),
    custom_id: buttonId(sessionId, action.id),
  };
}

/** Cuts text to a limit, at a line break when one is near, and marks the cut. */
function fit(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const room = text.slice(0, limit - 1);
  const lineBreak = room.lastIndexOf('\n');
  return `${lineBreak > limit * 0.8 ? room.slice(0, lineBreak) : room}…`;
}
