/** A thumbnail's longest side, in pixels: enough to recognise the page, small enough to keep. */
const SIDE = 160;

/** A small JPEG of a screenshot, as a data: URL to keep in this browser; undefined when the browser cannot draw it. */
export async function thumbnailOf(image: Blob): Promise<string | undefined> {
  try {
    const bitmap = await createImageBitmap(image);
    const scale = Math.min(1, SIDE / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(bitmap.width * scale));
    canvas.height = Math.max(1, Math.round(bitmap.height * scale));
    canvas.getContext('2d')?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    return canvas.toDataURL('image/jpeg', 0.7);
  } catch {
    return undefined;
  }
}
