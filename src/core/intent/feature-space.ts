import type { FeatureSink } from './features.js';

/** What the space knows of one word: its own feature's id, its "?word" feature's id (or -1), and its number in pairs. */
interface KnownWord {
  id: number;
  asked: number;
  number: number;
}

/**
 * The features the classifiers know, numbered once across all of them: a message's features are
 * looked up once, and each classifier reads them through its own table of ids. A message's words
 * are looked up once each; a pair of words is then found by the two words' numbers, without
 * building its string.
 */
export class FeatureSpace {
  private readonly ids = new Map<string, number>();
  private readonly words = new Map<string, KnownWord>();
  /** first word's number × WORDS + second word's number → the pair's id. */
  private readonly pairs = new Map<number, number>();
  private readonly pairBase: number;
  /** Which ids the message being read has given already: reset after each message. */
  private readonly seen: Uint8Array;

  constructor(vocabularies: readonly (readonly string[])[]) {
    for (const vocabulary of vocabularies) for (const feature of vocabulary) if (!this.ids.has(feature)) this.ids.set(feature, this.ids.size);
    const wordOf = (word: string): KnownWord => {
      let known = this.words.get(word);
      if (!known) this.words.set(word, (known = { id: this.ids.get(word) ?? -1, asked: this.ids.get(`?${word}`) ?? -1, number: this.words.size }));
      return known;
    };
    // A word never holds a space, so a feature's first space is where a pair's words meet.
    const pairs = [...this.ids].filter(([feature]) => feature.includes(' '));
    for (const [feature] of pairs) {
      const space = feature.indexOf(' ');
      wordOf(feature.slice(0, space));
      wordOf(feature.slice(space + 1));
    }
    for (const feature of this.ids.keys()) {
      if (!feature.includes(' ')) wordOf(feature.startsWith('?') ? feature.slice(1) : feature);
    }
    this.pairBase = this.words.size;
    for (const [feature, id] of pairs) {
      const space = feature.indexOf(' ');
      this.pairs.set(wordOf(feature.slice(0, space)).number * this.pairBase + wordOf(feature.slice(space + 1)).number, id);
    }
    this.seen = new Uint8Array(this.ids.size);
  }

  /** The ids of the known features a message gives to `emit`, each once, in the order given. */
  collect(emit: (sink: FeatureSink) => void): number[] {
    const { ids, words, pairs, pairBase, seen } = this;
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
            if (known) {
              take(known.id);
              if (next) take(pairs.get(known.number * pairBase + next.number));
            }
            known = next;
          }
        },
        asked: (run) => {
          for (const word of run) take(words.get(word)?.asked);
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
