import TfIdf from 'natural/lib/natural/tfidf/tfidf.js';
import { describe, expect, it } from 'vitest';
import { buildArticleVectors, vectorsFromSnapshot, vectorsToSnapshot } from '../../src/core/retrieval/article-vectors.js';
import { loadKnowledge } from '../../src/runtime/knowledge-dir.js';

describe('the articles’ term vectors, computed once at load', () => {
  const kb = loadKnowledge();

  it('weigh every term of every article exactly as natural’s TfIdf scores it', () => {
    const tfidf = new TfIdf();
    for (const article of kb.articles) tfidf.addDocument(article.terms.map((t) => `t:${t}`));
    const vectors = buildArticleVectors(kb.articles);
    const mismatches: string[] = [];
    for (const [term, posting] of vectors.text) {
      posting.articles.forEach((i, k) => {
        if (tfidf.tfidf([`t:${term}`], i) !== posting.weights[k]) mismatches.push(`${kb.articles[i]?.meta.id} ${term}`);
      });
    }
    expect(mismatches).toEqual([]);
    const terms = kb.articles.reduce((sum, a) => sum + new Set(a.terms).size, 0);
    expect([...vectors.text.values()].reduce((sum, p) => sum + p.articles.length, 0)).toBe(terms);
  });

  it('survive the start-up cache’s JSON unchanged', () => {
    const vectors = buildArticleVectors(kb.articles);
    expect(vectorsFromSnapshot(JSON.parse(JSON.stringify(vectorsToSnapshot(vectors))))).toEqual(vectors);
  });
});
