import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** What the image says about how to run it (`podman image inspect`). */
export interface ImageConfig {
  User?: string;
  Env?: string[];
  WorkingDir?: string;
  Entrypoint?: string[] | null;
  Cmd?: string[];
  ExposedPorts?: Record<string, unknown>;
  Volumes?: Record<string, unknown>;
  StopSignal?: string;
}

export interface ImageFacts {
  config: ImageConfig;
  healthcheck: { Test: string[] } | undefined;
  sizeBytes: number;
}

export async function inspectImage(image: string): Promise<ImageFacts> {
  const { stdout } = await run('podman', ['image', 'inspect', image]).catch(() => {
    throw new Error(`podman has no image ${image}: build it first with bash scripts/container-check.sh`);
  });
  const [facts] = JSON.parse(stdout) as { Config: ImageConfig; Healthcheck?: { Test: string[] }; Size: number }[];
  return { config: facts!.Config, healthcheck: facts!.Healthcheck, sizeBytes: facts!.Size };
}

/** A container's file system with host paths bound in: `[host path, path in the image]`. */
export type Bind = [string, string];

/** The environment a container runtime gives: the image's, with PATH and the user's HOME when the image sets none. */
function runtimeEnvironment(config: ImageConfig, home: string): Record<string, string> {
  const env: Record<string, string> = { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', HOME: home };
  for (const pair of config.Env ?? []) env[pair.slice(0, pair.indexOf('='))] = pair.slice(pair.indexOf('=') + 1);
  return env;
}

/**
 * The file system of an image, as a container would see it, without `podman run` (the sandbox
 * refuses setrlimit): `podman create` + `podman mount`, then /proc, /dev and the given host paths
 * bound in. Commands run in it with chroot, as the image's user, with its environment and working
 * directory.
 */
export class ImageRoot {
  private mounted: string[] = [];
  readonly uid: number;
  readonly gid: number;
  readonly environment: Record<string, string>;

  private constructor(
    readonly container: string,
    readonly root: string,
    readonly config: ImageConfig,
  ) {
    const [uid, gid, home] = userOf(root, config.User ?? '');
    [this.uid, this.gid] = [uid, gid];
    this.environment = runtimeEnvironment(config, home);
  }

  static async open(image: string, config: ImageConfig, binds: Bind[] = []): Promise<ImageRoot> {
    const container = (await run('podman', ['create', image, 'true'])).stdout.trim();
    const root = (await run('podman', ['mount', container])).stdout.trim();
    let opened: ImageRoot | undefined;
    try {
      opened = new ImageRoot(container, root, config);
      await opened.mount(['-t', 'proc', 'proc'], '/proc');
      await opened.mount(['--bind', '/dev'], '/dev');
      for (const [host, target] of binds) await opened.mount(['--bind', host], target);
      return opened;
    } catch (error) {
      if (opened) await opened.close();
      else await run('podman', ['rm', '--force', container]);
      throw error;
    }
  }

  private async mount(args: string[], target: string): Promise<void> {
    await run('mount', [...args, join(this.root, target)]);
    this.mounted.push(join(this.root, target));
  }

  /** `chroot` into the image as its user, then `env --chdir` to its working directory, then the command. */
  command(argv: string[]): string[] {
    return ['chroot', `--userspec=${this.uid}:${this.gid}`, this.root, 'env', `--chdir=${this.config.WorkingDir || '/'}`, ...argv];
  }

  /** The image's entry point and command, e.g. as `docker run IMAGE` starts them. */
  get defaultCommand(): string[] {
    return [...(this.config.Entrypoint ?? []), ...(this.config.Cmd ?? [])];
  }

  /** Starts a command of the image, prefixed by `prefix` (e.g. a network namespace to run it in). */
  start(prefix: string[], argv: string[]): ChildProcess {
    const [program, ...args] = [...prefix, ...this.command(argv)];
    return spawn(program!, args, { env: this.environment, stdio: ['pipe', 'pipe', 'pipe'] });
  }

  async close(): Promise<void> {
    const problems: string[] = [];
    for (const target of this.mounted.reverse()) await run('umount', [target]).catch((e: Error) => problems.push(e.message));
    this.mounted = [];
    await run('podman', ['umount', this.container]).catch((e: Error) => problems.push(e.message));
    await run('podman', ['rm', '--force', this.container]).catch((e: Error) => problems.push(e.message));
    if (problems.length > 0) throw new Error(`cleaning up the image's file system: ${problems.join('; ')}`);
  }
}

/** USER (a name or UID[:GID]) as the image's own /etc/passwd and /etc/group resolve it, and the user's home. */
function userOf(root: string, user: string): [number, number, string] {
  const table = (file: string) => readFileSync(join(root, 'etc', file), 'utf8').split('\n').map((line) => line.split(':'));
  const [name, group] = user.split(':');
  const entry = table('passwd').find((fields) => fields[0] === (name || 'root') || fields[2] === name);
  if (!entry) throw new Error(`the image's USER "${user}" is not in its /etc/passwd`);
  let gid = Number(entry[3]);
  if (group !== undefined) {
    const groupEntry = table('group').find((fields) => fields[0] === group || fields[2] === group);
    if (!groupEntry) throw new Error(`the image's group "${group}" is not in its /etc/group`);
    gid = Number(groupEntry[2]);
  }
  return [Number(entry[2]), gid, entry[5] ?? '/'];
}

/** The argv prefix that runs a command in the network namespace of a process (the server's). */
export function inNetworkOf(pid: number): string[] {
  return ['nsenter', `--net=/proc/${pid}/ns/net`];
}

/** A command to its end: exit code and output. */
export function finish(child: ChildProcess, input = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdin?.end(input);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}
