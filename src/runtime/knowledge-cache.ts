import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { trainModels, type TrainedModels } from '../core/diagnose.js';
import { fromSnapshot, toSnapshot, type KnowledgeSnapshot } from '../core/knowledge/snapshot.js';
import type { KnowledgeBase } from '../core/knowledge/types.js';
import type { KnowledgeSources } from '../core/knowledge/parse.js';

/** The compiled core: when it changes, snapshots made by older code are not reused. */
const CORE_DIR = fileURLToPath(new URL('../core/', import.meta.url));

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? listFiles(join(dir, entry.name)) : [join(dir, entry.name)]))
    .sort();
}

/** A digest of the data files and of the code that turns them into a knowledge base. */
export function knowledgeDigest(sources: KnowledgeSources): string {
  const hash = createHash('sha256');
  const files = [sources.catalog, sources.dialog, ...sources.signatures, sources.ordinary, ...sources.articles, ...sources.intents, ...sources.roles];
  for (const file of files) hash.update(`${file.path}\u0000${file.text}\u0000`);
  for (const file of listFiles(CORE_DIR)) hash.update(readFileSync(file));
  return hash.digest('hex').slice(0, 32);
}

interface CacheFile {
  digest: string;
  snapshot: KnowledgeSnapshot;
  models: TrainedModels;
}

export interface CachedKnowledge {
  kb: KnowledgeBase;
  models: TrainedModels;
}

/**
 * Start-up cache of a validated knowledge base and the trained classifiers: parsing and
 * validating the YAML, and training, are most of a cold start. Any unreadable or stale file is ignored.
 */
export class KnowledgeCache {
  constructor(private readonly dirs: string[]) {}

  static forPackage(root: string): KnowledgeCache {
    return new KnowledgeCache([join(root, 'node_modules', '.cache', 'updoc'), join(tmpdir(), 'updoc-cache')]);
  }

  read(digest: string): CachedKnowledge | undefined {
    for (const dir of this.dirs) {
      try {
        const file = JSON.parse(readFileSync(join(dir, `knowledge-${digest}.json`), 'utf8')) as CacheFile;
        if (file.digest === digest) return { kb: fromSnapshot(file.snapshot), models: file.models };
      } catch {
        // not cached here: try the next place, or rebuild
      }
    }
    return undefined;
  }

  write(digest: string, kb: KnowledgeBase): CachedKnowledge {
    const models = trainModels(kb);
    const body = JSON.stringify({ digest, snapshot: toSnapshot(kb), models } satisfies CacheFile);
    for (const dir of this.dirs) {
      try {
        mkdirSync(dir, { recursive: true });
        for (const old of readdirSync(dir)) if (/^knowledge-[0-9a-f]+\.json$/.test(old)) rmSync(join(dir, old), { force: true });
        const temporary = join(dir, `.knowledge-${digest}.${process.pid}.tmp`);
        writeFileSync(temporary, body);
        renameSync(temporary, join(dir, `knowledge-${digest}.json`));
        break;
      } catch {
        // read-only install: try the next place; without a cache updoc only starts slower
      }
    }
    return { kb, models };
  }
}
