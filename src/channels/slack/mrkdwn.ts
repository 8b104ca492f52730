/** The reply model's light markdown in Slack's mrkdwn dialect. */

const FENCE = '```';

/** Slack reads &, < and > as markup (links, mentions, entities), so text must escape them. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Bold and links outside inline code; what sits between backticks is left as written. */
function convertInline(line: string): string {
  return line
    .split(/(`[^`\n]*`)/)
    .map((part, i) =>
      i % 2 === 1
        ? part
        : part
            .replace(/\*\*([^*\n]+?)\*\*/g, '*$1*')
            .replace(/\[([^\]\n]+)\]\((https?:\/\/[^)\s]+)\)/g, '<$2|$1>'),
    )
    .join('');
}

function convertLine(line: string): string {
  const heading = /^#{1,6}\s+(.*)$/.exec(line);
  if (heading) return `*${convertInline(heading[1] ?? '')}*`;
  return convertInline(line.replace(/^(\s*)[-*]\s+/, '$1• '));
}

/**
 * Converts light markdown (**bold**, _italic_, `code`, "- " and "1. " lists, ``` blocks) to
 * mrkdwn. Code keeps its text: only the characters Slack would read as markup are escaped.
 */
export function toMrkdwn(markdown: string): string {
  let inFence = false;
  return escapeMrkdwn(markdown)
    .split('\n')
    .map((line) => {
      if (line.trimStart().startsWith(FENCE)) {
        inFence = !inFence;
        return line.trim();
      }
      return inFence ? line : convertLine(line);
    })
    .join('\n');
}

/**
 * Cuts mrkdwn into pieces of at most `limit` characters: between paragraphs when possible, then
 * between lines, then between words. A code block cut in two is closed and reopened.
 */
export function splitMrkdwn(mrkdwn: string, limit: number): string[] {
  const room = limit - 2 * (FENCE.length + 1);
  const pieces: string[] = [];
  let current = '';
  const add = (unit: string, separator: string) => {
    if (current && current.length + separator.length + unit.length <= room) {
      current += separator + unit;
    } else {
      if (current) pieces.push(current);
      current = unit;
    }
  };
  for (const paragraph of mrkdwn.split(/\n\s*\n/)) {
    if (!paragraph.trim()) continue;
    if (paragraph.length <= room) {
      add(paragraph, '\n\n');
      continue;
    }
    paragraph.split('\n').forEach((line, i) => {
      cutLine(line, room).forEach((part, j) => add(part, i === 0 && j === 0 ? '\n\n' : '\n'));
    });
  }
  if (current) pieces.push(current);
  return balanceFences(pieces);
}

/** A line cut between words (anywhere, for one very long word), never inside an entity like `&amp;`. */
function cutLine(line: string, room: number): string[] {
  const parts: string[] = [];
  let rest = line;
  while (rest.length > room) {
    let cut = rest.lastIndexOf(' ', room);
    if (cut <= 0) cut = room;
    const entity = rest.lastIndexOf('&', cut - 1);
    if (entity > 0 && cut - entity < '&amp;'.length && !rest.slice(entity, cut).includes(';')) cut = entity;
    parts.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  parts.push(rest);
  return parts;
}

function balanceFences(pieces: string[]): string[] {
  let open = false;
  return pieces.map((piece) => {
    const opened = open;
    const fences = piece.split('\n').filter((line) => line.startsWith(FENCE)).length;
    open = opened !== (fences % 2 === 1);
    return `${opened ? `${FENCE}\n` : ''}${piece}${open ? `\n${FENCE}` : ''}`;
  });
}
