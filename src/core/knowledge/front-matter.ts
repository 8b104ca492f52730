import { parse as parseYaml } from 'yaml';

export interface FrontMatterDocument {
  data: unknown;
  body: string;
}

const FENCE = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

/** Splits a Markdown file into its YAML front matter and body; throws with a readable message. */
export function splitFrontMatter(text: string): FrontMatterDocument {
  const match = FENCE.exec(text.replace(/^\uFEFF/, ''));
  if (!match) throw new Error('missing front matter: the file must start with a "---" line, YAML, and a closing "---" line');
  return { data: parseYaml(match[1] ?? ''), body: text.slice(match[0].length) };
}

/** Sections of a Markdown body keyed by their "## " heading. */
export function splitSections(body: string): Map<string, string> {
  const sections = new Map<string, string>();
  let heading: string | undefined;
  let lines: string[] = [];
  const flush = () => {
    if (heading !== undefined) sections.set(heading, lines.join('\n').trim());
  };
  for (const line of body.split(/\r?\n/)) {
    const h = /^##\s+(.+?)\s*$/.exec(line);
    if (h) {
      flush();
      heading = h[1] ?? '';
      lines = [];
    } else {
      lines.push(line);
    }
  }
  flush();
  return sections;
}
