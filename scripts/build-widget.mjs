// Bundles the chat widget (src/channels/web/widget/) into one small browser file: dist/widget/widget.js.
import { build } from 'esbuild';

const result = await build({
  entryPoints: ['src/channels/web/widget/index.ts'],
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['es2019', 'chrome90', 'firefox90', 'safari15'],
  outfile: 'dist/widget/widget.js',
  legalComments: 'none',
  metafile: true,
});
const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
console.log(`widget: dist/widget/widget.js, ${(bytes / 1024).toFixed(1)} KiB`);
