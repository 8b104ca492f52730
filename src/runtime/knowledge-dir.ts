import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseKnowledge, type KnowledgeSources, type ParseResult } from '../core/knowledge/parse.js';
import type { KnowledgeBase, SourceFile } from '../core/knowledge/types.js';
import { KnowledgeCache, knowledgeDigest, type CachedKnowledge } from './knowledge-cache.js';

const ROLES_DIR = join('intents', 'roles');

/** The checkout (or installed package) root, where knowledge/ and intents/ live. */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The files with this extension in a folder and its subfolders, in a stable order. */
function readAll(root: string, dir: string, extension: string): SourceFile[] {
  const full = join(root, dir);
  return readdirSync(full, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith(extension))
    .sort()
    .map((name) => ({ path: relative(root, join(full, name)), text: readFileSync(join(full, name), 'utf8') }));
}

export function readKnowledgeSources(root = PACKAGE_ROOT): KnowledgeSources {
  const one = (path: string): SourceFile => ({ path, text: readFileSync(join(root, path), 'utf8') });
  return {
    catalog: one('knowledge/catalog.yaml'),
    dialog: one('knowledge/dialog.yaml'),
    signatures: readAll(root, 'knowledge/signatures', '.yaml'),
    ordinary: one('knowledge/ordinary-sentences.yaml'),
    articles: readAll(root, 'knowledge/articles', '.md'),
    intents: readAll(root, 'intents', '.yaml').filter((file) => !file.path.startsWith(ROLES_DIR)),
    roles: readAll(root, ROLES_DIR, '.yaml'),
  };
}

/** Validates the data; when it is sound, also refreshes the start-up cache. */
export function lintKnowledge(root = PACKAGE_ROOT): ParseResult {
  const sources = readKnowledgeSources(root);
  const result = parseKnowledge(sources);
  if (result.kb) KnowledgeCache.forPackage(root).write(knowledgeDigest(sources), result.kb);
  return result;
}

export class KnowledgeError extends Error {}

/** Loads and validates the data; refuses to start on broken data, naming every problem. */
export function loadKnowledge(root = PACKAGE_ROOT): KnowledgeBase {
  return validKnowledge(parseKnowledge(readKnowledgeSources(root)));
}

function validKnowledge({ kb, problems }: ParseResult): KnowledgeBase {
  if (!kb) {
    const lines = problems.slice(0, 20).map((p) => `  ${p.file} ${p.field}: ${p.message}`);
    const more = problems.length > 20 ? `\n  … and ${problems.length - 20} more (run "updoc kb lint")` : '';
    throw new KnowledgeError(`the knowledge base has ${problems.length} problem(s):\n${lines.join('\n')}${more}`);
  }
  return kb;
}

/** The knowledge base and the trained classifiers, from the start-up cache when it is current. */
export function loadKnowledgeWithCache(root = PACKAGE_ROOT): CachedKnowledge {
  const sources = readKnowledgeSources(root);
  const digest = knowledgeDigest(sources);
  const cache = KnowledgeCache.forPackage(root);
  return cache.read(digest) ?? cache.write(digest, validKnowledge(parseKnowledge(sources)));
}
