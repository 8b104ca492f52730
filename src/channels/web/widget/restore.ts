import type { Reply, StoredMessage } from './types.js';

export type RestoredEntry =
  | { from: 'person'; text: string }
  | { from: 'screenshot'; text: string }
  | { from: 'bot'; reply: Reply }
  | { from: 'staff'; author: string; text: string };

const BUTTON_PRESS = /^\[button\] (.+)$/;
const SCREENSHOT = /^\[screenshot\] ?/;

/**
 * A stored conversation as the widget shows it: a button press reads as the button's label (or is
 * left out when the label is unknown), a screenshot as a screenshot, staff replies under their
 * author, progress lines are dropped, and only the last reply keeps its buttons.
 */
export function restoredEntries(messages: StoredMessage[]): RestoredEntry[] {
  const entries: RestoredEntry[] = [];
  let lastActions: Reply['actions'] = [];
  for (const message of messages) {
    if (message.from === 'bot') {
      if (message.kind === 'progress') continue;
      lastActions = message.actions ?? [];
      entries.push({ from: 'bot', reply: { kind: message.kind ?? 'answer', text: message.text, actions: lastActions } });
      continue;
    }
    if (message.from === 'staff') {
      entries.push({ from: 'staff', author: message.author ?? 'Support', text: message.text });
      continue;
    }
    if (SCREENSHOT.test(message.text)) {
      entries.push({ from: 'screenshot', text: message.text.replace(SCREENSHOT, '') });
      continue;
    }
    const pressed = BUTTON_PRESS.exec(message.text)?.[1];
    const text = pressed === undefined ? message.text : lastActions.find((a) => a.id === pressed)?.label;
    if (text !== undefined) entries.push({ from: 'person', text });
  }
  const lastBot = entries.map((entry) => entry.from).lastIndexOf('bot');
  return entries.map((entry, i) => (entry.from === 'bot' && i !== lastBot ? { from: 'bot', reply: { ...entry.reply, actions: [] } } : entry));
}
