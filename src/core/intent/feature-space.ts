import type { FeatureSink } from './features.js';

/**
 * The features the classifiers know, numbered once across all of them: a message's features are
 * looked up once, and each classifier reads them through its own table of ids. A message's words
 * are looked up once each; a pair of words is then found by the two words' numbers, without
 * building its string.
 */
export class FeatureSpace {
  private readonly ids = new Map<string, number>();
  /** Every word the features hold → its number; by number, its own feature's id and its "?word" feature's id (or -1). */
  private readonly words = new Map<string, number>();
  private readonly wordIds: Int32Array;
  private readonly askedIds: Int32Array;
  /** first word's number × `pairBase` (the number of words) + second word's number → the pair's id. */
  private readonly pairs = new Map<number, number>();
  private readonly pairBase: number;
  /** Which ids the message being read has given already: reset after each message. */
  private readonly seen: Uint8Array;

  constructor(vocabularies: readonly (readonly string[])[]) {
    for (const vocabulary of vocabularies) for (const feature of vocabulary) if (!this.ids.has(feature)) this.ids.set(feature, this.ids.size);
    const wordOf = (word: string): number => {
      let number = this.words.get(word);
      if (number === undefined) this.words.set(word, (number = this.words.size));
      return number;
    };
    // A word never holds a space, so a feature's first space is where a pair's words meet.
    const pairs = [...this.ids].flatMap(([feature, id]) => {
      const space = feature.indexOf(' ');
      return space === -1 ? [] : [{ first: wordOf(feature.slice(0, space)), second: wordOf(feature.slice(space + 1)), id }];
    });
    for (const feature of this.ids.keys()) {
      if (!feature.includes(' ')) wordOf(feature.startsWith('?') ? feature.slice(1) : feature);
    }
    this.pairBase = this.words.size;
    for (const { first, second, id } of pairs) this.pairs.set(first * this.pairBase + second, id);
    this.wordIds = new Int32Array(this.words.size);
    this.askedIds = new Int32Array(this.words.size);
    for (const [word, number] of this.words) {
      this.wordIds[number] = this.ids.get(word) ?? -1;
      this.askedIds[number] = this.ids.get(`?${word}`) ?? -1;
    }
    this.seen = new Uint8Array(this.ids.size);
  }

  /** The ids of the known features a message gives to `emit`, each once, in the order given. */
  collect(emit: (sink: FeatureSink) => void): number[] {
    const { ids, words, wordIds, askedIds, pairs, pairBase, seen } = this;
    const out: number[] = [];
    const take = (id: number | undefined) => {
      if (id !== undefined && id !== -1 && seen[id] === 0) {
        seen[id] = 1;
        out.push(id);
      }
    };
    try {
      emit({
        words: (run) => {
          let known = run.length > 0 ? words.get(run[0] as string) : undefined;
          for (let i = 0; i < run.length; i++) {
            const next = i + 1 < run.length ? words.get(run[i + 1] as string) : undefined;
            if (known !== undefined) {
              take(wordIds[known]);
              if (next !== undefined) take(pairs.get(known * pairBase + next));
            }
            known = next;
          }
        },
        asked: (run) => {
          for (const word of run) {
            const known = words.get(word);
            if (known !== undefined) take(askedIds[known]);
          }
        },
        flag: (name) => take(ids.get(name)),
      });
    } finally {
      for (const id of out) seen[id] = 0;
    }
    return out;
  }

  /** For one classifier's vocabulary: each id's index in it, or -1. */
  indexOf(vocabulary: readonly string[]): Int32Array {
    const table = new Int32Array(this.ids.size).fill(-1);
    vocabulary.forEach((feature, i) => {
      const id = this.ids.get(feature);
      if (id !== undefined) table[id] = i;
    });
    return table;
  }
}
