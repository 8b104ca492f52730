import sharp, { type Sharp } from 'sharp';

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/** A 1280×720 page with a heading and a footer, drawn without a browser (an nginx-style error page by default). */
export function drawnPage(heading = '502 Bad Gateway', footer = 'nginx/1.22.1'): Sharp {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1280" height="720">
  <rect width="100%" height="100%" fill="#fff"/>
  <text x="640" y="80" font-family="DejaVu Serif" font-size="32" font-weight="bold" text-anchor="middle">${escape(heading)}</text>
  <line x1="10" y1="110" x2="1270" y2="110" stroke="#aaa"/>
  <text x="640" y="140" font-family="DejaVu Serif" font-size="16" text-anchor="middle">${escape(footer)}</text>
</svg>`;
  return sharp(Buffer.from(svg));
}

/** A PNG too big to accept, by bytes: noise does not compress. */
export function noisePng(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 60 } } })
    .png({ compressionLevel: 0 })
    .toBuffer();
}

/** A small file that unpacks to a huge image: a blank PNG of this many pixels. */
export function blankPng(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#ffffff' } }).png().toBuffer();
}

export function gif(): Promise<Buffer> {
  return drawnPage().gif().toBuffer();
}

/** A PNG cut off half way, as an interrupted upload leaves it. */
export async function truncatedPng(): Promise<Buffer> {
  const png = await drawnPage().png().toBuffer();
  return png.subarray(0, Math.floor(png.length / 2));
}
