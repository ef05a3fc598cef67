/**
 * A D-Bus session and a gnome-keyring of the test's own, which the test can take away and
 * bring back. The bus runs with a configuration that activates no services: with the
 * system's session config, the first call after the keyring is killed would start a new
 * one on its own (locked), and "the keyring is gone" could not be shown. The keyring runs
 * in the foreground so the test holds its process; its data (the keyring files) stays in
 * one folder across restarts, as a user's does across logins.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const KEYRING_TOOLS = ['dbus-daemon', 'gnome-keyring-daemon', 'dbus-send'] as const;

/** The tools this needs that are not installed. */
export async function missingKeyringTools(): Promise<string[]> {
  const missing: string[] = [];
  for (const tool of KEYRING_TOOLS) {
    const found = await run('sh', ['-c', `command -v ${tool}`]).then(
      () => true,
      () => false,
    );
    if (!found) missing.push(tool);
  }
  return missing;
}

const BUS_CONFIG = `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=__DIR__</listen>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

export class PrivateKeyring {
  private busPid: number | null = null;
  private keyring: ChildProcess | null = null;
  private address = '';

  /** `root` holds the bus socket, the keyring's data and runtime folders. */
  constructor(private readonly root: string) {}

  get busAddress(): string {
    return this.address;
  }

  /** The keyring files, kept across restarts. */
  get dataHome(): string {
    return path.join(this.root, 'data');
  }

  async startBus(): Promise<void> {
    const config = path.join(this.root, 'bus.conf');
    await fs.mkdir(path.join(this.root, 'bus'), { recursive: true });
    await fs.writeFile(config, BUS_CONFIG.replace('__DIR__', path.join(this.root, 'bus')));
    const { stdout } = await run('dbus-daemon', [`--config-file=${config}`, '--fork', '--print-address=1', '--print-pid=1'], { env: { PATH: process.env.PATH ?? '' } });
    const [address = '', pid = ''] = stdout.trim().split('\n');
    this.address = address.trim();
    this.busPid = Number(pid);
    if (!this.address.startsWith('unix:') || !Number.isInteger(this.busPid)) throw new Error(`dbus-daemon printed no address and pid: ${stdout}`);
  }

  async stopBus(): Promise<void> {
    const pid = this.busPid;
    this.busPid = null;
    if (pid === null || !alive(pid)) return;
    process.kill(pid, 'SIGTERM');
    await waitFor('the bus to stop', () => !alive(pid));
  }

  /** Starts gnome-keyring on the bus and unlocks (or first creates) the login keyring with `password`. */
  async startKeyring(password: string): Promise<void> {
    await fs.mkdir(this.dataHome, { recursive: true });
    const runtime = path.join(this.root, 'runtime');
    await fs.mkdir(runtime, { recursive: true, mode: 0o700 });
    const child = spawn('gnome-keyring-daemon', ['--foreground', '--unlock', '--components=secrets'], {
      env: { PATH: process.env.PATH ?? '', HOME: this.root, DBUS_SESSION_BUS_ADDRESS: this.address, XDG_DATA_HOME: this.dataHome, XDG_RUNTIME_DIR: runtime },
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    this.keyring = child;
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdin?.end(password);
    try {
      await waitFor('gnome-keyring to own org.freedesktop.secrets', async () => {
        if (child.exitCode !== null) throw new Error(`gnome-keyring-daemon exited ${child.exitCode}: ${stderr}`);
        return this.secretServiceOnBus();
      });
    } catch (error) {
      await this.stopKeyring();
      throw error;
    }
  }

  async stopKeyring(): Promise<void> {
    const child = this.keyring;
    this.keyring = null;
    if (child === null || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    // The name leaves the bus a moment after the process exits.
    if (this.busPid !== null) await waitFor('the Secret Service to leave the bus', async () => !(await this.secretServiceOnBus()));
  }

  /** Stops whatever is still running. */
  async close(): Promise<void> {
    await this.stopKeyring().catch(() => undefined);
    await this.stopBus().catch(() => undefined);
  }

  private async secretServiceOnBus(): Promise<boolean> {
    const { stdout } = await run(
      'dbus-send',
      ['--session', '--dest=org.freedesktop.DBus', '--type=method_call', '--print-reply', '/org/freedesktop/DBus', 'org.freedesktop.DBus.NameHasOwner', 'string:org.freedesktop.secrets'],
      { env: { PATH: process.env.PATH ?? '', DBUS_SESSION_BUS_ADDRESS: this.address } },
    );
    return /boolean true/.test(stdout);
  }
}
