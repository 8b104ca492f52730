/** Colours: the widget picks its text colour on the host's brand colour for WCAG AA contrast. */

export const DEFAULT_COLOR = '#0b5fff';
const LIGHT_TEXT = '#ffffff';
// Pure black: with white, it reaches AA (4.5:1) on every colour; a softer near-black misses on mid-tones.
const DARK_TEXT = '#000000';

/** "#rgb" or "#rrggbb" as a normalised "#rrggbb", else undefined. */
export function parseHexColor(value: string | null | undefined): string | undefined {
  const match = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec((value ?? '').trim());
  if (!match) return undefined;
  const hex = match[1] as string;
  const full = hex.length === 3 ? hex.replace(/./g, (c) => c + c) : hex;
  return `#${full.toLowerCase()}`;
}

/** WCAG relative luminance of "#rrggbb". */
function luminance(hex: string): number {
  const channel = (offset: number) => {
    const c = parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

export function contrastRatio(a: string, b: string): number {
  const la = luminance(a);
  const lb = luminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/** White or black, whichever reads better on the background. */
export function readableTextOn(background: string): string {
  return contrastRatio(background, LIGHT_TEXT) >= contrastRatio(background, DARK_TEXT) ? LIGHT_TEXT : DARK_TEXT;
}

/** "#rrggbb" mixed with black or white: `amount` 0 keeps the colour, 1 gives the other. */
function mix(hex: string, toward: string, amount: number): string {
  const channel = (color: string, offset: number) => parseInt(color.slice(offset, offset + 2), 16);
  const parts = [1, 3, 5].map((offset) => Math.round(channel(hex, offset) * (1 - amount) + channel(toward, offset) * amount));
  return `#${parts.map((part) => part.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * The brand colour as a line (a button's border) on a background: the colour itself when it
 * stands out at least 3:1 (WCAG's contrast for parts of controls), else darkened (or, on a dark
 * background, lightened) just enough to.
 */
export function readableLineOn(brand: string, background: string, minimum = 3): string {
  const toward = luminance(background) > 0.5 ? '#000000' : '#ffffff';
  for (let step = 0; step <= 20; step++) {
    const line = mix(brand, toward, step / 20);
    if (contrastRatio(line, background) >= minimum) return line;
  }
  return toward;
}
