import { regexTree, types } from './regex-tree.js';

interface Node {
  type: number;
  from?: number;
  to?: number;
  not?: boolean;
  set?: Node[];
  min?: number;
  max?: number | null;
  value?: Node | number;
  stack?: Node[];
  options?: Node[][];
}

const MAX_UNBOUNDED = 4;

const isOpenRepeat = (node: Node | undefined): node is Node => node?.type === types.REPETITION && (node.max === null || node.max === Infinity);

/** Whether a single-character node (a character or a class) accepts this character code. */
function accepts(node: Node, code: number): boolean | undefined {
  if (node.type === types.CHAR) return node.value === code;
  if (node.type === types.RANGE) return code >= (node.from ?? 0) && code <= (node.to ?? 0);
  if (node.type === types.SET && node.set) {
    const inside = node.set.some((member) => accepts(member, code) === true);
    return node.not ? !inside : inside;
  }
  return undefined;
}

/** Whether two repeated parts can take the same character: only then do they fight over input. */
function overlap(a: Node, b: Node): boolean {
  const x = typeof a.value === 'object' ? a.value : undefined;
  const y = typeof b.value === 'object' ? b.value : undefined;
  if (!x || !y) return true;
  for (let code = 0; code < 128; code++) {
    const first = accepts(x, code);
    const second = accepts(y, code);
    if (first === undefined || second === undefined) return true;
    if (first && second) return true;
  }
  return false;
}

function hasAdjacentOpenRepeats(stack: readonly Node[]): boolean {
  return stack.some((node, i) => {
    const next = stack[i + 1];
    return isOpenRepeat(node) && isOpenRepeat(next) && overlap(node, next);
  });
}

/**
 * Why a signature pattern could backtrack badly, or undefined when it is safe: a repeated group
 * that itself repeats (star height above one), a back-reference, or too many open-ended repeats.
 * Optional parts (`?`) do not count as repetition.
 */
export function regexRisk(pattern: string): string | undefined {
  let tree: Node;
  try {
    tree = regexTree<Node>(pattern);
  } catch (error) {
    return `cannot be analysed: ${(error as Error).message}`;
  }
  if (/\\k</.test(pattern)) return 'uses a back-reference';
  let unbounded = 0;
  const walk = (node: Node, height: number): string | undefined => {
    if (node.type === types.REFERENCE) return 'uses a back-reference';
    if (node.stack && hasAdjacentOpenRepeats(node.stack)) return 'has two open-ended repeats side by side (like \\s*\\s*), which backtrack against each other';
    if (isOpenRepeat(node) && typeof node.value === 'object' && node.value.options) {
      return 'repeats a group of alternatives (like (a|aa)+), which can backtrack exponentially';
    }
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
