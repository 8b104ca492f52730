import { DEFAULT_COLOR, parseHexColor } from './contrast.js';

export interface WidgetConfig {
  title: string;
  color: string;
  /** Where the chat API lives: the folder widget.js was served from, so the widget works cross-origin. */
  apiBase: string;
}

const MAX_TITLE = 60;

/** The embedding tag: `<script src="https://HOST/widget.js" data-title="…" data-color="…" async>`. */
export function findOwnScript(): HTMLScriptElement | null {
  const current = document.currentScript;
  if (current instanceof HTMLScriptElement) return current;
  return document.querySelector<HTMLScriptElement>('script[src*="widget.js"]');
}

export function readConfig(script: HTMLScriptElement | null): WidgetConfig {
  const title = (script?.dataset.title ?? '').trim().slice(0, MAX_TITLE) || 'Support';
  const color = parseHexColor(script?.dataset.color) ?? DEFAULT_COLOR;
  const apiBase = new URL('.', script?.src || location.href).href;
  return { title, color, apiBase };
}
