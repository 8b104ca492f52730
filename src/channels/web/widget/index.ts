// The embeddable chat widget: `<script src="https://HOST/widget.js" data-title="…" data-color="…" async></script>`.
import { findOwnScript, readConfig } from './config.js';
import type { Identity } from './storage.js';
import { Widget } from './widget.js';

/** The page's handle on the widget: `window.updoc`. */
export interface UpdocApi {
  open(): void;
  close(): void;
  send(text: string): void;
  identify(identity: Identity): void;
}

declare global {
  interface Window {
    updoc?: UpdocApi;
  }
}

// Read while this script runs: document.currentScript is gone once it returns.
const config = readConfig(findOwnScript());

function mount(): void {
  if (window.updoc) return;
  const host = document.createElement('updoc-widget');
  document.body.append(host);
  const widget = new Widget(host, config);
  window.updoc = {
    open: () => widget.open(),
    close: () => widget.close(),
    send: (text) => widget.send(String(text)),
    identify: (identity) => widget.identify(identity),
  };
  window.dispatchEvent(new Event('updoc:ready'));
}

if (document.body) mount();
else document.addEventListener('DOMContentLoaded', mount);
