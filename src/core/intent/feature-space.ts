/**
 * The features the classifiers know, numbered once across all of them: a message's features are
 * looked up once, and each classifier reads them through its own table of ids.
 */
export class FeatureSpace {
  private readonly ids = new Map<string, number>();

  constructor(vocabularies: readonly (readonly string[])[]) {
    for (const vocabulary of vocabularies) for (const feature of vocabulary) if (!this.ids.has(feature)) this.ids.set(feature, this.ids.size);
  }

  /** The ids of the known features among these (each given once), in their order. */
  lookup(features: readonly string[]): number[] {
    const out: number[] = [];
    for (const feature of features) {
      const id = this.ids.get(feature);
      if (id !== undefined) out.push(id);
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
