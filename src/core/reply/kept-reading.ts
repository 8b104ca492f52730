/** More texts than the knowledge holds: past this, a reading is computed each time and not kept. */
const LIMIT = 5_000;

/**
 * A reading of the knowledge's texts (sections, steps, passages) that is computed once per text:
 * answers cut the same few hundred texts on every turn. For knowledge only, never a person's
 * message; the readings are shared, so callers must not change them.
 */
export function keptReading<T>(read: (text: string) => T): (text: string) => T {
  const kept = new Map<string, T>();
  return (text) => {
    let reading = kept.get(text);
    if (reading === undefined) {
      reading = read(text);
      if (kept.size < LIMIT) kept.set(text, reading);
    }
    return reading;
  };
}
