import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../../src/runtime/knowledge-dir.js';

const SOURCES = join(PACKAGE_ROOT, 'src', 'channels', 'web', 'widget');
const BUNDLE = join(PACKAGE_ROOT, 'dist', 'widget', 'widget.js');

function modifiedAt(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return -1;
  }
}

/** Builds dist/widget/widget.js when it is missing or older than any widget source. */
export function ensureWidgetBuilt(): void {
  const newestSource = Math.max(...readdirSync(SOURCES).map((name) => modifiedAt(join(SOURCES, name))));
  if (modifiedAt(BUNDLE) >= newestSource) return;
  execFileSync(process.execPath, ['scripts/build-widget.mjs'], { cwd: PACKAGE_ROOT, stdio: 'pipe' });
}
