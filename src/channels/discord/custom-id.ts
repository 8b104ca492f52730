/** Discord's limit on a button's custom_id. */
export const CUSTOM_ID_LIMIT = 100;

/** Session ids stay short so a button carries its conversation: "d:" and a snowflake. */
export function sessionIdFor(interactionId: string): string {
  return `d:${interactionId}`;
}

export const isDiscordSession = (sessionId: string) => sessionId.startsWith('d:');

/** A button's custom_id: which conversation it continues and which of the reply's actions it is. */
export function buttonId(sessionId: string, actionId: string): string {
  return `updoc:${sessionId}:${actionId}`;
}

export function parseButtonId(customId: string): { sessionId: string; actionId: string } | undefined {
  const match = /^updoc:(d:\d{1,25}):(.+)$/s.exec(customId);
  return match?.[1] && match[2] ? { sessionId: match[1], actionId: match[2] } : undefined;
}

/** The button under every reply that opens a text box, and the text box (modal) it opens. */
const TEXT_BUTTON = 'updoc-text';
const TEXT_MODAL = 'updoc-reply';

export const textButtonId = (sessionId: string) => `${TEXT_BUTTON}:${sessionId}`;
export const textModalId = (sessionId: string) => `${TEXT_MODAL}:${sessionId}`;

/** The conversation a text button or its modal continues, or undefined for another custom_id. */
export function parseTextId(customId: string, kind: 'button' | 'modal'): string | undefined {
  const prefix = kind === 'button' ? TEXT_BUTTON : TEXT_MODAL;
  return new RegExp(`^${prefix}:(d:\\d{1,25})$`).exec(customId)?.[1];
}
