import ret from 'ret';

// ret is CommonJS: the default export is the tokenizer itself, with `types` attached.
const tokenizer = ret as unknown as (pattern: string) => unknown;
export const { types } = ret as unknown as { types: typeof import('ret').types };

/**
 * The syntax tree of a pattern, for analysis only. ret does not know lookbehinds, so they are
 * read as the lookaheads they mirror: like a lookahead, a lookbehind consumes nothing and its
 * literals are never required, and its repeats backtrack the same way.
 */
export function regexTree<T>(pattern: string): T {
  return tokenizer(pattern.replace(/\(\?<([!=])/g, '(?$1')) as T;
}
