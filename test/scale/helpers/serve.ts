import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, scratchDir, UPDOC } from '../../helpers/cli.js';

/** `updoc serve` reads the bundled widget at start: build it when a plain `tsc` build left it out. */
function ensureWidget(): void {
  if (existsSync(join(ROOT, 'dist', 'widget', 'widget.js'))) return;
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-widget.mjs')], { cwd: ROOT, stdio: 'ignore' });
}

export interface ServeProcess {
  /** "http://127.0.0.1:PORT" */
  url: string;
  child: ChildProcess;
  /** Everything it wrote to standard error so far. */
  stderr(): string;
  /** True while the process has neither exited nor crashed. */
  alive(): boolean;
  /** Sends the signal and waits until the process is gone. */
  kill(signal: NodeJS.Signals): Promise<void>;
}

/** A real `updoc serve` process of the built CLI on a free port of 127.0.0.1. */
export function startServe(env: Record<string, string>): Promise<ServeProcess> {
  ensureWidget();
  const child = spawn(process.execPath, [UPDOC, 'serve', '--port', '0', '--host', '127.0.0.1'], {
    cwd: scratchDir('updoc-serve-'),
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', RATE_LIMIT_PER_MINUTE: '100000', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout: string | undefined = '';
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    // The request log is read to the end (a full pipe would stall the server), but only its start is kept.
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      if (stdout === undefined) return;
      stdout += chunk;
      const url = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1];
      if (!url) return;
      stdout = undefined;
      resolve({
        url,
        child,
        stderr: () => stderr,
        alive: () => child.exitCode === null && child.signalCode === null,
        kill: async (signal) => {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          await exited;
        },
      });
    });
    child.once('exit', (code) => reject(new Error(`updoc serve exited with ${code} before listening:\n${stderr}`)));
  });
}

export interface ChatReply {
  kind: string;
  text: string;
  actions: { id: string; label: string }[];
}

/** POST /api/chat: the status and the answer. */
export async function chat(server: ServeProcess, body: { sessionId?: string; text?: string; action?: string }) {
  const response = await fetch(`${server.url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = (await response.json()) as { sessionId: string; replies: ChatReply[] };
  return { status: response.status, sessionId: json.sessionId, replies: json.replies, last: json.replies?.at(-1) };
}

/** GET /api/sessions/:id: the stored conversation's messages, or the status when there is none. */
export async function storedMessages(server: ServeProcess, sessionId: string): Promise<{ from: string; text: string }[] | number> {
  const response = await fetch(`${server.url}/api/sessions/${sessionId}`);
  if (!response.ok) return response.status;
  return ((await response.json()) as { messages: { from: string; text: string }[] }).messages;
}
