import { FULL_SCREEN_QUERY } from './styles.js';

const FOCUSABLE = 'button:not([disabled]), textarea, input:not([type="file"]):not([hidden]), [tabindex="0"]';

/**
 * On a phone the panel fills the screen, like a modal dialog: it says so (aria-modal) and Tab
 * and Shift+Tab go round inside it instead of leaving for the hidden page behind.
 */
export function trapFocusWhenFullScreen(panel: HTMLElement, shadow: ShadowRoot): void {
  const fullScreen = window.matchMedia(FULL_SCREEN_QUERY);
  const mark = () => panel.setAttribute('aria-modal', String(fullScreen.matches));
  mark();
  fullScreen.addEventListener('change', mark);
  panel.addEventListener('keydown', (event) => {
    if (event.key !== 'Tab' || !fullScreen.matches) return;
    const focusable = Array.from(panel.querySelectorAll<HTMLElement>(FOCUSABLE)).filter((element) => element.getClientRects().length > 0);
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (!first || !last) return;
    const active = shadow.activeElement;
    if (event.shiftKey && (active === first || !panel.contains(active))) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && active === last) {
      event.preventDefault();
      first.focus();
    }
  });
}
