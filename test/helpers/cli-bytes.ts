import { spawn } from 'node:child_process';
import { UPDOC, scratchDir, type CliResult } from './cli.js';

/** Like runCli, but feeds stdin raw bytes (for input that is not valid UTF-8). */
export function runCliBytes(args: string[], input: Buffer): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [UPDOC, ...args], {
      cwd: scratchDir(),
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}
