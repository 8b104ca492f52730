/** An article about an app server or cause the conversation does not know yet ranks below the general one. */
const UNKNOWN_FIT = -0.8;

/**
 * One kind of article label (intents, vendors, causes or app servers) for every article, in two
 * flat arrays: scoring all articles for a question then reads a few cache lines, not a list per article.
 */
export class ArticleLabels {
  private readonly values = new Map<string, number>();
  /** How many values each article has. */
  private readonly counts: Uint8Array;
  /** article × values + value → 1 when the article has it. */
  private readonly has: Uint8Array;

  constructor(perArticle: readonly (readonly string[])[]) {
    for (const list of perArticle) for (const value of list) if (!this.values.has(value)) this.values.set(value, this.values.size);
    const width = this.values.size;
    this.counts = Uint8Array.from(perArticle, (list) => list.length);
    this.has = new Uint8Array(perArticle.length * width);
    perArticle.forEach((list, article) => {
      for (const value of list) this.has[article * width + (this.values.get(value) as number)] = 1;
    });
  }

  /** A value's number, to pass to `holds` and `fit` (-1 for one no article has). */
  numberOf(value: string | undefined): number {
    return value === undefined ? -1 : (this.values.get(value) ?? -1);
  }

  isGeneral(article: number): boolean {
    return this.counts[article] === 0;
  }

  holds(article: number, value: number): boolean {
    return value !== -1 && this.has[article * this.values.size + value] === 1;
  }

  /** +1 when the article is about the value, 0 when it is general, -1 when about another, UNKNOWN_FIT when the value is unknown. */
  fit(article: number, value: string | undefined, number: number): number {
    if (this.isGeneral(article)) return 0;
    if (value === undefined) return UNKNOWN_FIT;
    return this.holds(article, number) ? 1 : -1;
  }
}
