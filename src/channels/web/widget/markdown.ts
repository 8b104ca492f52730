import { el } from './dom.js';

/**
 * Renders the reply model's light markdown (paragraphs, "- " and "1. " lists, ``` code blocks,
 * **bold**, `code`, _italic_) as DOM nodes. Every piece of text becomes a text node; there are
 * no links, so a "[x](javascript:…)" stays the literal text it is.
 */
export function renderMarkdown(text: string): DocumentFragment {
  const out = document.createDocumentFragment();
  let paragraph: HTMLParagraphElement | null = null;
  let list: HTMLUListElement | HTMLOListElement | null = null;
  let code: string[] | null = null;

  const closeBlocks = () => {
    paragraph = null;
    list = null;
  };

  for (const line of text.split('\n')) {
    if (code) {
      if (/^\s*```/.test(line)) {
        out.append(el('pre', {}, el('code', {}, code.join('\n'))));
        code = null;
      } else code.push(line);
      continue;
    }
    if (/^\s*```/.test(line)) {
      closeBlocks();
      code = [];
      continue;
    }
    if (line.trim() === '') {
      closeBlocks();
      continue;
    }
    const bullet = /^\s*[-*]\s+(.*)$/.exec(line);
    const numbered = /^\s*(\d+)[.)]\s+(.*)$/.exec(line);
    if (bullet || numbered) {
      const tag = bullet ? 'ul' : 'ol';
      if (!list || list.tagName.toLowerCase() !== tag) {
        paragraph = null;
        list = el(tag);
        if (numbered && numbered[1] !== '1') list.setAttribute('start', numbered[1] as string);
        out.append(list);
      }
      list.append(el('li', {}, renderInline(bullet ? (bullet[1] as string) : (numbered?.[2] as string))));
      continue;
    }
    if (list && /^\s{2,}\S/.test(line) && list.lastElementChild) {
      list.lastElementChild.append(' ', renderInline(line.trim()));
      continue;
    }
    list = null;
    if (paragraph) paragraph.append(el('br'));
    else out.append((paragraph = el('p')));
    paragraph.append(renderInline(line));
  }
  if (code) out.append(el('pre', {}, el('code', {}, code.join('\n'))));
  return out;
}

// Groups: 1 `code` (nothing inside it is formatted), 2 **bold**, 3+4 _italic_ between word boundaries
// (so snake_case_names stay as they are). The italic's leading boundary (3) is captured, not looked
// behind, for older Safari.
const INLINE = /`([^`\n]+)`|\*\*([^\n]+?)\*\*|(^|[^\w])_([^_\n]+?)_(?!\w)/g;

function renderInline(text: string): DocumentFragment {
  const out = document.createDocumentFragment();
  let last = 0;
  for (const match of text.matchAll(INLINE)) {
    const at = match.index ?? 0;
    const boundary = match[3] ?? '';
    out.append(text.slice(last, at + boundary.length));
    if (match[1] !== undefined) out.append(codeSpan(match[1]));
    else if (match[2] !== undefined) out.append(el('strong', {}, renderInline(match[2])));
    else out.append(el('em', {}, renderInline(match[4] as string)));
    last = at + match[0].length;
  }
  out.append(text.slice(last));
  return out;
}

/** A token longer than this may break anywhere (a long URL or path), not only at its ends. */
const UNBROKEN = 28;

/**
 * Inline code that wraps between its tokens: `sudo ss -ltnp` may go to the next line at a space,
 * never inside `-ltnp`. The spaces stay text, so copying gives the command as written.
 */
function codeSpan(text: string): HTMLElement {
  const code = el('code');
  text.split(/( +)/).forEach((part, i) => {
    if (i % 2 === 1 || part.length > UNBROKEN || part === '') code.append(part);
    else code.append(el('span', { class: 'tok' }, part));
  });
  return code;
}
