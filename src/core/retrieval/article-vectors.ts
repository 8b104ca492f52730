import type { Article } from '../knowledge/types.js';

/** The articles that hold a term, in article order, with the term's tf-idf weight in each. */
export interface Posting {
  articles: number[];
  weights: number[];
}

/**
 * The articles' words as retrieval scores them, computed once when the knowledge is loaded: a
 * question then only looks up its own terms instead of asking every article about every word.
 */
export interface ArticleVectors {
  text: Map<string, Posting>;
  /** Title term → the articles whose title holds it. */
  title: Map<string, number[]>;
  /** How many different terms each title has. */
  titleSizes: number[];
}

/** Plain JSON for the start-up cache. */
export interface ArticleVectorsSnapshot {
  text: [string, number[], number[]][];
  title: [string, number[]][];
  titleSizes: number[];
}

/** Term weights: the count in the article times 1 + ln(articles / (1 + articles holding the term)). */
export function buildArticleVectors(articles: readonly Article[]): ArticleVectors {
  const counts = articles.map((article) => {
    const count = new Map<string, number>();
    for (const term of article.terms) count.set(term, (count.get(term) ?? 0) + 1);
    return count;
  });
  const holding = new Map<string, number>();
  for (const count of counts) for (const term of count.keys()) holding.set(term, (holding.get(term) ?? 0) + 1);
  const text = new Map<string, Posting>();
  for (const [term, documents] of holding) {
    const idf = 1 + Math.log(articles.length / (1 + documents));
    const posting: Posting = { articles: [], weights: [] };
    counts.forEach((count, i) => {
      const tf = count.get(term);
      if (tf === undefined) return;
      posting.articles.push(i);
      posting.weights.push(tf * idf);
    });
    text.set(term, posting);
  }
  const titles = articles.map((article) => new Set(article.titleTerms));
  const title = new Map<string, number[]>();
  titles.forEach((terms, i) => {
    for (const term of terms) title.set(term, [...(title.get(term) ?? []), i]);
  });
  return { text, title, titleSizes: titles.map((terms) => terms.size) };
}

export function vectorsToSnapshot(vectors: ArticleVectors): ArticleVectorsSnapshot {
  return {
    text: [...vectors.text].map(([term, posting]) => [term, posting.articles, posting.weights]),
    title: [...vectors.title],
    titleSizes: vectors.titleSizes,
  };
}

export function vectorsFromSnapshot(snapshot: ArticleVectorsSnapshot): ArticleVectors {
  return {
    text: new Map(snapshot.text.map(([term, articles, weights]) => [term, { articles, weights }])),
    title: new Map(snapshot.title),
    titleSizes: snapshot.titleSizes,
  };
}
