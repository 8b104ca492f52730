/**
 * Aho-Corasick automaton for lower-case ASCII patterns, with a dense transition table over the
 * characters the patterns use: one table read per character of text. (modern-ahocorasick works
 * on grapheme clusters of any script and is an order of magnitude slower on this job.)
 */
export class AsciiAutomaton {
  /** Character code (below 128) → column; any other character is column 0, which no pattern holds. */
  private readonly columns = new Uint8Array(128);
  private readonly width: number;
  /** state × width + column → next state (16 bits when they suffice: half the memory to read through). */
  private readonly next: Uint16Array | Int32Array;
  /** The pattern that ends at a state, or -1. */
  private readonly ends: Int32Array;
  /** The nearest state down the failure links where a pattern ends, or -1. */
  private readonly endLinks: Int32Array;

  constructor(readonly patterns: readonly string[]) {
    for (const pattern of patterns) {
      for (const char of pattern) {
        const code = char.charCodeAt(0);
        if (code >= 128) throw new RangeError(`not an ASCII pattern: ${pattern}`);
        this.columns[code] = 1;
      }
    }
    let width = 1;
    this.columns.forEach((used, code) => {
      if (used) this.columns[code] = width++;
    });
    this.width = width;

    // The trie first, as lists of (column, child) per state.
    const children: Map<number, number>[] = [new Map()];
    const ends: number[] = [-1];
    patterns.forEach((pattern, index) => {
      let state = 0;
      for (let i = 0; i < pattern.length; i++) {
        const column = this.columns[pattern.charCodeAt(i)] as number;
        let child = children[state]?.get(column);
        if (child === undefined) {
          child = children.length;
          children.push(new Map());
          ends.push(-1);
          children[state]?.set(column, child);
        }
        state = child;
      }
      if (ends[state] === -1) ends[state] = index;
    });

    // States are numbered breadth first: the shallow states that most characters of a text visit
    // sit together at the start of the table and stay in the processor's cache.
    const order = [0];
    for (let head = 0; head < order.length; head++) for (const child of (children[order[head] as number] as Map<number, number>).values()) order.push(child);
    const number = new Int32Array(order.length);
    order.forEach((state, position) => (number[state] = position));

    // Then failure links in the same order, filling every missing transition with the failure's own.
    const states = order.length;
    this.next = states <= 0xffff ? new Uint16Array(states * width) : new Int32Array(states * width);
    this.ends = Int32Array.from(order, (state) => ends[state] as number);
    this.endLinks = new Int32Array(states).fill(-1);
    const fail = new Int32Array(states);
    for (let state = 0; state < states; state++) {
      const failed = fail[state] as number;
      if (state > 0) this.endLinks[state] = this.ends[failed] !== -1 ? failed : (this.endLinks[failed] as number);
      const own = children[order[state] as number] as Map<number, number>;
      for (let column = 0; column < width; column++) {
        const child = own.get(column);
        const fallback = state === 0 ? 0 : (this.next[failed * width + column] as number);
        if (child === undefined) {
          this.next[state * width + column] = fallback;
        } else {
          this.next[state * width + column] = number[child] as number;
          fail[number[child] as number] = fallback;
        }
      }
    }
  }

  /** Calls `found` for every occurrence of every pattern in `text`, with the index just past it. */
  forEach(text: string, found: (pattern: number, end: number) => void): void {
    const { columns, next, ends, endLinks, width } = this;
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      state = next[state * width + (code < 128 ? (columns[code] as number) : 0)] as number;
      for (let at = ends[state] === -1 ? (endLinks[state] as number) : state; at !== -1; at = endLinks[at] as number) {
        found(ends[at] as number, i + 1);
      }
    }
  }
}
