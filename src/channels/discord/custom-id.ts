/** Discord's limit on a button's custom_id. */
export const CUSTOM_ID_LIMIT = 100;

/** Session ids stay short so a button carries its conversation: "d:" and a snowflake. */
export function sessionIdFor(interactionId: string): string {
  return `d:${interactionId}`;
}

/** A button's custom_id: which conversation it continues and which of the reply's actions it is. */
export function buttonId(sessionId: string, actionId: string): string {
  return `updoc:${sessionId}:${actionId}`;
}

export function parseButtonId(customId: string): { sessionId: string; actionId: string } | undefined {
  const match = /^updoc:(d:\d{1,25}):(.+)$/s.exec(customId);
  return match?.[1] && match[2] ? { sessionId: match[1], actionId: match[2] } : undefined;
}
