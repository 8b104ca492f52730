import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponentWithCustomId, type APIEmbed } from 'discord.js';
import type { Reply, ReplyAction, ReplyKind } from '../../core/reply/model.js';
import { buttonId, CUSTOM_ID_LIMIT } from './custom-id.js';
import { toDiscordMarkdown } from './markdown.js';

/** What the renderer reads of a reply; the channel's own notices ("something went wrong") fit it too. */
export type Renderable = Pick<Reply, 'kind' | 'text' | 'actions'>;

export interface DiscordMessage {
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponentWithCustomId>[];
}

// Discord's limits: an embed's description and footer, a button's label, buttons per row, rows.
export const DESCRIPTION_LIMIT = 4096;
const FOOTER_LIMIT = 2048;
export const LABEL_LIMIT = 80;
export const BUTTONS_PER_ROW = 5;
export const ROW_LIMIT = 5;

const LOOK: Record<ReplyKind, { title: string; color: number }> = {
  answer: { title: 'Answer', color: 0x2ecc71 },
  question: { title: 'A quick question', color: 0x5865f2 },
  progress: { title: 'Checking…', color: 0x95a5a6 },
  handoff: { title: 'Handing over to a person', color: 0xe67e22 },
  error: { title: 'Sorry', color: 0xe74c3c },
};

/** A reply as one embed with its actions as buttons; `note` (e.g. why a screenshot was skipped) goes in the footer. */
export function renderReply(reply: Renderable, sessionId: string, note?: string): DiscordMessage {
  const { title, color } = LOOK[reply.kind];
  const embed: APIEmbed = { title, color, description: fit(toDiscordMarkdown(reply.text), DESCRIPTION_LIMIT) };
  if (note) embed.footer = { text: fit(note, FOOTER_LIMIT) };
  return { embeds: [embed], components: buttonRows(reply.actions, sessionId) };
}

/** Choices get rows of their own, above feedback and "talk to a person", when the rows allow it. */
function buttonRows(actions: readonly ReplyAction[], sessionId: string): DiscordMessage['components'] {
  const shown = withinLimit(carriable(actions, sessionId), BUTTONS_PER_ROW * ROW_LIMIT).map((action) => button(action, sessionId));
  const choices = shown.filter((b) => b.style === ButtonStyle.Primary);
  const others = shown.filter((b) => b.style !== ButtonStyle.Primary);
  const grouped = [...inRows(choices), ...inRows(others)];
  return grouped.length <= ROW_LIMIT ? grouped : inRows(shown);
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

/** Too many actions: the first ones stay, and so does "talk to a person", which must never be lost. */
function withinLimit(actions: ReplyAction[], limit: number): ReplyAction[] {
  if (actions.length <= limit) return actions;
  const human = actions.find((action) => action.role === 'handoff');
  if (!human) return actions.slice(0, limit);
  return [...actions.filter((action) => action !== human).slice(0, limit - 1), human];
}

function button(action: ReplyAction, sessionId: string): APIButtonComponentWithCustomId {
  return {
    type: ComponentType.Button,
    style: action.role === 'choice' ? ButtonStyle.Primary : ButtonStyle.Secondary,
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
