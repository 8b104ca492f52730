import type { MessageBody } from './fake-rest.js';

export const APPLICATION_ID = '100000000000000001';
export const GUILD_ID = '400000000000000001';
const CHANNEL_ID = '300000000000000001';
const COMMAND_ID = '500000000000000001';

export const ALICE = { id: '200000000000000001', username: 'alice', discriminator: '0', global_name: 'Alice', avatar: null };
export const BOB = { id: '200000000000000002', username: 'bob', discriminator: '0', global_name: 'Bob', avatar: null };
type User = typeof ALICE;

let lastId = 600_000_000_000_000_000n;
const nextId = () => (lastId += 1n).toString();

export interface SentInteraction {
  id: string;
  token: string;
  payload: Record<string, unknown>;
}

/** The fields every interaction in a guild channel carries. */
function interaction(type: number, user: User, data: Record<string, unknown>, extra: Record<string, unknown> = {}): SentInteraction {
  const id = nextId();
  const token = `token-${id}`;
  const payload = {
    id,
    application_id: APPLICATION_ID,
    type,
    token,
    version: 1,
    guild_id: GUILD_ID,
    channel_id: CHANNEL_ID,
    member: { user, roles: [], joined_at: '2024-01-01T00:00:00.000Z', deaf: false, mute: false, flags: 0, permissions: '2248473465835073' },
    app_permissions: '0',
    locale: 'en-US',
    guild_locale: 'en-US',
    entitlements: [],
    authorizing_integration_owners: { '0': GUILD_ID },
    context: 0,
    data,
    ...extra,
  };
  return { id, token, payload };
}

export interface Attachment {
  id: string;
  filename: string;
  size: number;
  url: string;
  proxy_url: string;
  content_type: string;
}

export function attachment(url: string, filename: string, size: number, contentType: string): Attachment {
  return { id: nextId(), filename, size, url, proxy_url: url, content_type: contentType };
}

/** INTERACTION_CREATE for `/updoc` with the given options. */
export function slashCommand(options: { question: string; url?: string; screenshot?: Attachment; private?: boolean }, user: User = ALICE): SentInteraction {
  const values = [
    { name: 'question', type: 3, value: options.question },
    ...(options.url ? [{ name: 'url', type: 3, value: options.url }] : []),
    ...(options.screenshot ? [{ name: 'screenshot', type: 11, value: options.screenshot.id }] : []),
    ...(options.private !== undefined ? [{ name: 'private', type: 5, value: options.private }] : []),
  ];
  return interaction(2, user, {
    id: COMMAND_ID,
    name: 'updoc',
    type: 1,
    guild_id: GUILD_ID,
    options: values,
    ...(options.screenshot ? { resolved: { attachments: { [options.screenshot.id]: options.screenshot } } } : {}),
  });
}

/** The message updoc's edit produced, as Discord sends it back inside a button interaction. */
export function botMessage(edit: MessageBody, origin: { interaction: SentInteraction; user: User; ephemeral: boolean }): Record<string, unknown> {
  return {
    id: nextId(),
    type: 20,
    channel_id: CHANNEL_ID,
    author: { id: APPLICATION_ID, username: 'updoc', discriminator: '0000', global_name: null, avatar: null, bot: true },
    content: '',
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: edit.embeds ?? [],
    components: edit.components ?? [],
    pinned: false,
    flags: origin.ephemeral ? 64 : 0,
    webhook_id: APPLICATION_ID,
    application_id: APPLICATION_ID,
    interaction_metadata: {
      id: origin.interaction.id,
      type: origin.interaction.payload.type,
      user: origin.user,
      authorizing_integration_owners: { '0': GUILD_ID },
    },
  };
}

/** INTERACTION_CREATE for a press of the button `customId` on `message`. */
export function buttonPress(customId: string, message: Record<string, unknown>, user: User = ALICE): SentInteraction {
  return interaction(3, user, { custom_id: customId, component_type: 2 }, { message });
}

/** INTERACTION_CREATE for a submitted modal (the text box a button on `message` opened), its one text input filled in. */
export function modalSubmit(customId: string, inputId: string, value: string, message: Record<string, unknown>, user: User = ALICE): SentInteraction {
  const textInput = { type: 4, id: 2, custom_id: inputId, value };
  return interaction(5, user, { custom_id: customId, components: [{ type: 18, id: 1, component: textInput }] }, { message });
}
