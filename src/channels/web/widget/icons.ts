const SVG = 'http://www.w3.org/2000/svg';

const PATHS = {
  chat: 'M4 5h16v11H9l-5 4z',
  close: 'M6 6l12 12M18 6L6 18',
  send: 'M4 12l16-8-6 16-2.5-5.5z',
  image: 'M4 5h16v14H4zM4 16l5-5 4 4 3-3 4 4M15.5 8.5h.01',
  thumb: 'M7 11v9H4v-9zM7 11l4-7c1.4 0 2.4 1.1 2.1 2.5L12.6 10H19a2 2 0 0 1 2 2.3l-1.2 6A2 2 0 0 1 17.8 20H7',
  person: 'M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM4 21a8 8 0 0 1 16 0',
  bot: 'M5 9h14v10H5zM12 5v4M9 13h.01M15 13h.01M9.5 16h5',
} as const;

export type IconName = keyof typeof PATHS | 'thumbDown';

/** A decorative stroke icon; the button around it carries the accessible name. */
export function icon(name: IconName): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', PATHS[name === 'thumbDown' ? 'thumb' : name]);
  if (name === 'thumbDown') path.setAttribute('transform', 'rotate(180 12 12)');
  svg.append(path);
  return svg;
}
