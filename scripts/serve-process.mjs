// A real `updoc serve` of the built CLI on a free port of 127.0.0.1, for the benchmarks, started
// as `npm start` starts it (its Node.js flags included) in one process whose memory can be read.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));

/** `npm start`'s arguments to node: its flags, the CLI and `serve`. */
export function startArguments() {
  const start = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts.start;
  const [program, ...args] = start.split(/\s+/);
  if (program !== 'node') throw new Error(`npm start does not run node directly: ${start}`);
  return args;
}

/** Starts it with `env` over this process's environment; resolves with the child and its URL once it listens. */
export function startServe(env) {
  const child = spawn(process.execPath, [...startArguments(), '--port', '0', '--host', '127.0.0.1'], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    // Read the request log to the end (a full pipe would stall the server), keeping only its start.
    child.stdout.on('data', (chunk) => {
      if (out === null) return;
      out += chunk;
      const url = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      if (!url) return;
      out = null;
      resolve({ child, url });
    });
    child.once('exit', (code) => reject(new Error(`updoc serve exited with ${code}`)));
  });
}
