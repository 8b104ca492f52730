import sharp from 'sharp';

/** A small seeded generator: each page gets its own, repeatable, way of being photographed. */
function random(seed: number): (min: number, max: number) => number {
  let state = (seed * 0x9e3779b1) >>> 0;
  return (min, max) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return min + (((t ^ (t >>> 14)) >>> 0) / 4294967296) * (max - min);
  };
}

/** The interference of the screen's pixel grid with the camera's: fine lines at a slight angle. */
const moire = (width: number, height: number, angle: number, period: number, opacity: number) =>
  Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
  <defs><pattern id="m" width="${period}" height="${period}" patternUnits="userSpaceOnUse" patternTransform="rotate(${angle})">
    <rect width="${period / 2.4}" height="${period}" fill="#000"/></pattern></defs>
  <rect width="100%" height="100%" fill="url(#m)" opacity="${opacity}"/></svg>`);

/** Light from a window or a lamp reflected on the glass: a soft white blotch. */
const glare = (width: number, height: number, x: number, y: number, opacity: number) =>
  Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
  <defs><radialGradient id="g" cx="${x}" cy="${y}" r="0.45">
    <stop offset="0" stop-color="#fff" stop-opacity="${opacity}"/><stop offset="1" stop-color="#fff" stop-opacity="0"/></radialGradient></defs>
  <rect width="100%" height="100%" fill="url(#g)"/></svg>`);

/**
 * A phone photo of a monitor showing the screenshot: moiré and glare on the screen, the screen in
 * its bezel, slanted (rotated and sheared: the camera held at an angle), a little out of focus,
 * warmer and darker than the screen, and saved as a phone's JPEG.
 */
export async function phonePhoto(png: Buffer, seed: number): Promise<Buffer> {
  const r = random(seed);
  const { width, height } = await sharp(png).metadata();
  const onScreen = await sharp(png)
    .composite([
      { input: moire(width, height, r(-4, 4), r(2.6, 3.6), r(0.12, 0.2)), blend: 'multiply' },
      { input: glare(width, height, r(0.2, 0.8), r(0.2, 0.8), r(0.35, 0.55)), blend: 'over' },
    ])
    .extend({ top: 28, bottom: 40, left: 28, right: 28, background: '#141414' })
    .toBuffer();
  const angle = (r(2, 6) * (seed % 2 === 0 ? 1 : -1) * Math.PI) / 180;
  const [shearX, shearY] = [r(-0.07, 0.07), r(-0.03, 0.03)];
  const [cos, sin] = [Math.cos(angle), Math.sin(angle)];
  const slanted = await sharp(onScreen)
    .affine(
      [
        [cos + shearY * -sin, shearX * cos - sin],
        [sin + shearY * cos, shearX * sin + cos],
      ],
      { background: '#4a4540', interpolator: sharp.interpolators.bilinear },
    )
    .toBuffer();
  return sharp(slanted)
    .resize({ width: 1600 })
    .blur(r(0.9, 1.5))
    .modulate({ brightness: r(0.8, 0.92) })
    .tint({ r: 255, g: 236, b: 210 })
    .jpeg({ quality: 72 })
    .toBuffer();
}
