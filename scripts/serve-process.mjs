// A real `updoc serve` of the built CLI on a free port of 127.0.0.1, for the benchmarks.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));

/** Starts it with `env` over this process's environment; resolves with the child and its URL once it listens. */
export function startServe(env) {
  const child = spawn(process.execPath, ['bin/updoc.js', 'serve', '--port', '0', '--host', '127.0.0.1'], {
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
