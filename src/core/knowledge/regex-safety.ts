import ret from 'ret';

// ret is CommonJS: the default export is the tokenizer itself, with `types` attached.
const tokenizer = ret as unknown as (pattern: string) => unknown;
const { types } = ret as unknown as { types: typeof import('ret').types };

interface Node {
  type: number;
  min?: number;
  max?: number | null;
  value?: Node | number;
  stack?: Node[];
  options?: Node[][];
}

const MAX_UNBOUNDED = 4;

/**
 * Why a signature pattern could backtrack badly, or undefined when it is safe: a repeated group
 * that itself repeats (star height above one), a back-reference, or too many open-ended repeats.
 * Optional parts (`?`) do not count as repetition.
 */
export function regexRisk(pattern: string): string | undefined {
  let tree: Node;
  try {
    tree = tokenizer(pattern) as unknown as Node;
  } catch (error) {
    return `cannot be analysed: ${(error as Error).message}`;
  }
  let unbounded = 0;
  const walk = (node: Node, height: number): string | undefined => {
    if (node.type === types.REFERENCE) return 'uses a back-reference';
    let h = height;
    if (node.type === types.REPETITION && node.max !== 1) {
      h += 1;
      if (node.max === null || node.max === Infinity) unbounded += 1;
      if (h > 1) return 'has a repeated part inside another repeated part (nested quantifiers)';
      if (unbounded > MAX_UNBOUNDED) return `has more than ${MAX_UNBOUNDED} open-ended repeats (*, +, {n,})`;
    }
    const children: Node[] = [];
    if (node.stack) children.push(...node.stack);
    if (node.options) for (const option of node.options) children.push(...option);
    if (node.value && typeof node.value === 'object') children.push(node.value);
    for (const child of children) {
      const risk = walk(child, h);
      if (risk) return risk;
    }
    return undefined;
  };
  return walk(tree, 0);
}
