import { regexTree, types } from './regex-tree.js';

interface Node {
  type: number;
  value?: Node | number;
  min?: number;
  stack?: Node[];
  options?: Node[][];
  followedBy?: boolean;
  notFollowedBy?: boolean;
}


/** Shorter literals are too common to rule anything out. */
const MIN_LITERAL = 3;

type Requirement = string[] | undefined;

const strength = (req: Requirement) => (req ? Math.min(...req.map((s) => s.length)) : 0);

function fromStack(stack: readonly Node[]): Requirement {
  let best: Requirement;
  let run = '';
  const consider = (req: Requirement) => {
    if (strength(req) > strength(best)) best = req;
  };
  for (const node of stack) {
    if (node.type === types.CHAR && typeof node.value === 'number') {
      run += String.fromCodePoint(node.value).toLowerCase();
      continue;
    }
    if (run) consider([run]);
    run = '';
    if (node.type === types.GROUP && !node.followedBy && !node.notFollowedBy) consider(fromGroup(node));
    else if (node.type === types.REPETITION && (node.min ?? 0) >= 1 && typeof node.value === 'object') consider(fromNode(node.value));
  }
  if (run) consider([run]);
  return best;
}

function fromGroup(group: Node): Requirement {
  if (group.options) {
    const alternatives = group.options.map(fromStack);
    if (alternatives.some((a) => !a)) return undefined;
    return [...new Set(alternatives.flat() as string[])];
  }
  return fromStack(group.stack ?? []);
}

function fromNode(node: Node): Requirement {
  if (node.type === types.CHAR && typeof node.value === 'number') return [String.fromCodePoint(node.value).toLowerCase()];
  if (node.type === types.GROUP || node.type === types.ROOT) return fromGroup(node);
  return undefined;
}

/**
 * Lower-case strings of which any one must appear in a text for the pattern to match, or
 * undefined when no such literal can be derived. A cheap `includes` on them rules out most
 * signatures before their regular expression runs.
 */
export function requiredLiterals(pattern: string): string[] | undefined {
  let tree: Node;
  try {
    tree = regexTree<Node>(pattern);
  } catch {
    return undefined;
  }
  const req = fromNode(tree);
  return strength(req) >= MIN_LITERAL ? req : undefined;
}
