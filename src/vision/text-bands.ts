/** A greyscale image, one byte per pixel, row after row. */
export interface GreyImage {
  width: number;
  height: number;
  pixels: Uint8Array;
}

/** A rectangle of an image, in pixels. */
export interface Region {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** How far (in grey levels) a pixel must be from its row's background to count as ink. */
const INK_CONTRAST = 48;
/** The fewest blank rows between two lines of text where a page may be cut. */
const MIN_GAP = 3;
/** Background kept around the text when the margins are cropped away. */
const PADDING = 8;

/** Where a row's ink (pixels that stand out from the row's most common level) begins and ends; none: -1. */
interface RowInk {
  first: number;
  last: number;
}

function rowInk({ width, height, pixels }: GreyImage): RowInk[] {
  const histogram = new Uint32Array(256);
  const rows: RowInk[] = [];
  for (let y = 0; y < height; y += 1) {
    const row = pixels.subarray(y * width, (y + 1) * width);
    histogram.fill(0);
    for (let x = 0; x < width; x += 1) histogram[row[x]!]! += 1;
    let background = 0;
    for (let level = 1; level < 256; level += 1) if (histogram[level]! > histogram[background]!) background = level;
    const stands = (x: number) => Math.abs(row[x]! - background) > INK_CONTRAST;
    let first = 0;
    while (first < width && !stands(first)) first += 1;
    let last = width - 1;
    while (last > first && !stands(last)) last -= 1;
    rows.push(first < width ? { first, last } : { first: -1, last: -1 });
  }
  return rows;
}

/** A run of rows with ink (a line of text, or a few touching ones) and the gap of blank rows above it. */
interface Line {
  top: number;
  bottom: number;
  gapAbove: number;
  /** Its width over its height: how much the recogniser has to read, whose lines are scaled to one height. */
  work: number;
}

function lines(rows: RowInk[]): Line[] {
  const found: Line[] = [];
  let start = -1;
  let [left, right] = [Infinity, -1];
  rows.forEach(({ first, last }, y) => {
    if (first >= 0) {
      if (start < 0) start = y;
      left = Math.min(left, first);
      right = Math.max(right, last);
    }
    if (start >= 0 && (first < 0 || y === rows.length - 1)) {
      const bottom = first < 0 ? y : y + 1;
      found.push({ top: start, bottom, gapAbove: start - (found.at(-1)?.bottom ?? 0), work: (right - left + 1) / (bottom - start) });
      start = -1;
      [left, right] = [Infinity, -1];
    }
  });
  return found;
}

/**
 * The text of a page as up to `count` horizontal bands, to be recognised side by side. Empty
 * margins are cropped away (the recogniser's layout analysis costs time per pixel), and the page
 * is only cut across at least MIN_GAP rows where nothing stands out from the background, between
 * lines of text, so that each band holds about as much reading. A page without such rows (a photo,
 * a border down the side) stays one band.
 */
export function textBands(image: GreyImage, count: number): Region[] {
  const rows = rowInk(image);
  const found = lines(rows);
  if (found.length === 0) return [{ left: 0, top: 0, width: image.width, height: image.height }];
  const inked = rows.filter(({ first }) => first >= 0);
  const left = Math.max(0, inked.reduce((min, { first }) => Math.min(min, first), image.width) - PADDING);
  const right = Math.min(image.width, inked.reduce((max, { last }) => Math.max(max, last), 0) + 1 + PADDING);
  const top = Math.max(0, found[0]!.top - PADDING);
  const bottom = Math.min(image.height, found.at(-1)!.bottom + PADDING);

  // Where the page may be cut (the middle of the gap above a line) and how much reading lies above.
  let above = 0;
  const cuts = found.flatMap((line) => {
    const cut = line.gapAbove >= MIN_GAP && above > 0 ? [{ y: line.top - Math.ceil(line.gapAbove / 2), above }] : [];
    above += line.work;
    return cut;
  });
  const chosen: number[] = [];
  for (let k = 1; k < count && cuts.length > 0; k += 1) {
    const off = ({ above: done }: { above: number }) => Math.abs(done - (above * k) / count);
    const { y } = cuts.reduce((best, cut) => (off(cut) < off(best) ? cut : best));
    if (y > (chosen.at(-1) ?? top)) chosen.push(y);
  }
  const edges = [top, ...chosen, bottom];
  return edges.slice(1).map((end, i) => ({ left, top: edges[i]!, width: right - left, height: end - edges[i]! }));
}
