import { SCREENSHOT_TYPES } from './api-client.js';
import { el } from './dom.js';
import { icon } from './icons.js';
import { widgetStyles } from './styles.js';

/** The widget's static DOM: launcher, and the panel with its header, transcript and message form. */
export interface View {
  root: HTMLDivElement;
  launcher: HTMLButtonElement;
  panel: HTMLDivElement;
  humanButton: HTMLButtonElement;
  closeButton: HTMLButtonElement;
  log: HTMLDivElement;
  form: HTMLFormElement;
  input: HTMLTextAreaElement;
  attachButton: HTMLButtonElement;
  fileInput: HTMLInputElement;
  dropHint: HTMLDivElement;
}

export function buildView(shadow: ShadowRoot, title: string, color: string): View {
  const launcher = el('button', { type: 'button', class: 'launcher', 'aria-label': `Chat with ${title}`, 'aria-expanded': 'false', 'aria-controls': 'panel' }, icon('chat'));
  const humanButton = el('button', { type: 'button', class: 'human' }, icon('person'), 'Talk to a person');
  const closeButton = el('button', { type: 'button', class: 'icon-button', 'aria-label': 'Close chat' }, icon('close'));
  const log = el('div', { class: 'log', role: 'log', 'aria-live': 'polite', 'aria-label': 'Conversation', tabindex: '0' });
  const input = el('textarea', {
    id: 'message',
    rows: '1',
    placeholder: 'Type your message…',
    autocomplete: 'off',
  });
  const attachButton = el('button', { type: 'button', class: 'icon-button', 'aria-label': 'Send a screenshot' }, icon('image'));
  const fileInput = el('input', { type: 'file', accept: SCREENSHOT_TYPES.join(','), hidden: true, tabindex: '-1' });
  const form = el(
    'form',
    { class: 'footer' },
    el('label', { for: 'message', class: 'sr-only' }, `Message to ${title}`),
    input,
    attachButton,
    fileInput,
    el('button', { type: 'submit', class: 'icon-button send', 'aria-label': 'Send' }, icon('send')),
  );
  const dropHint = el('div', { class: 'drop', hidden: true }, 'Drop the screenshot to send it');
  const panel = el(
    'div',
    { id: 'panel', class: 'panel', role: 'dialog', 'aria-label': title, hidden: true },
    el('div', { class: 'header' }, el('h2', { class: 'title' }, title), humanButton, closeButton),
    log,
    form,
    dropHint,
  );
  const root = el('div', { class: 'root' }, launcher, panel);
  shadow.append(el('style', {}, widgetStyles(color)), root);
  return { root, launcher, panel, humanButton, closeButton, log, form, input, attachButton, fileInput, dropHint };
}
