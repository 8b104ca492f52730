import type { Article } from '../../../src/core/knowledge/types.js';

export interface Snippet {
  /** "article-id › section" for messages. */
  where: string;
  text: string;
  /** The fence's language tag; absent for inline code. */
  language?: string;
}

const FENCE = /^([ \t]*)```([\w-]*)[ \t]*\n([\s\S]*?)\n[ \t]*```[ \t]*$/gm;

/** Fenced blocks (dedented, with their language) and inline code spans of every article section. */
export function snippetsOf(articles: readonly Article[]): Snippet[] {
  const snippets: Snippet[] = [];
  for (const article of articles) {
    for (const [heading, markdown] of article.sections) {
      const where = `${article.meta.id} › ${heading}`;
      for (const [, indent = '', language = '', body = ''] of markdown.matchAll(FENCE)) {
        const text = body.split('\n').map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line)).join('\n');
        snippets.push({ where, text, language });
      }
      const prose = markdown.replace(FENCE, '');
      for (const [, code = ''] of prose.matchAll(/`([^`\n]+)`/g)) snippets.push({ where, text: code });
    }
  }
  return snippets;
}

/**
 * Inline code that could be a line of configuration: a keyword followed by arguments. Prose
 * that names a bare directive (`proxy_read_timeout`) is not one; neither is an assignment
 * (`memory_limit = 256M`, `server.keepAliveTimeout = 65000`) of another program's settings.
 */
export function looksLikeConfigLine(text: string): boolean {
  const words = text.trim().split(/\s+/);
  return words.length >= 2 && /^[A-Za-z][\w.-]*$/.test(words[0] ?? '') && !/\s=\s|\s=$/.test(text);
}
