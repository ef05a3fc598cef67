/**
 * Runs the built `widget-token` (out/main/cli.js) the way a user's shell does: a child
 * process with its own data folder and keychain service, and nothing of the test
 * runner's environment that could change its behaviour (secrets, DEBUG).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BUILT_CLI = path.join(REPO_ROOT, 'out', 'main', 'cli.js');

export function requireBuiltCli(): void {
  if (!existsSync(BUILT_CLI)) {
    throw new Error(`${BUILT_CLI} is missing: run \`npm run build\` first (\`npm test\` does).`);
  }
}

export interface CliRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  /** Variables added to (or, when undefined, removed from) the child's environment. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Written to stdin, which is then closed; without it stdin is closed at once. */
  readonly input?: string;
  /** Extra arguments for node itself, before the script (`--import`, say). */
  readonly nodeArgs?: readonly string[];
  readonly timeoutMs?: number;
}

const SCRUBBED = ['WIDGET_TOKEN_APP_SECRET', 'WIDGET_TOKEN_ACCESS_TOKEN', 'WIDGET_TOKEN_HOME', 'WIDGET_TOKEN_KEYCHAIN_SERVICE', 'DEBUG', 'NODE_OPTIONS'];

export function cliEnv(extra: Readonly<Record<string, string | undefined>> = {}): NodeJS.ProcessEnv {
  const merged = Object.entries({ ...process.env, ...extra }).filter(
    (entry): entry is [string, string] => entry[1] !== undefined && !(SCRUBBED.includes(entry[0]) && !Object.hasOwn(extra, entry[0])),
  );
  return Object.fromEntries(merged);
}

export function spawnCli(args: readonly string[], options: CliOptions = {}): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [...(options.nodeArgs ?? []), BUILT_CLI, ...args], { env: cliEnv(options.env), stdio: 'pipe' });
}

export function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliRun> {
  const child = spawnCli(args, options);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdin.end(options.input ?? '');
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`widget-token ${args.join(' ')} did not finish in ${options.timeoutMs ?? 15_000} ms; stderr so far: ${stderr}`));
    }, options.timeoutMs ?? 15_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** A stack trace line as V8 prints it. */
export const STACK_LINE = /^\s{4}at /m;

/** Everything under `dir` as text, to check that no secret was written there. */
export async function allFilesText(dir: string): Promise<string> {
  const names = await readdir(dir, { recursive: true });
  const texts = await Promise.all(names.map((name) => readFile(path.join(dir, name), 'utf8').catch(() => '')));
  return texts.join('\n');
}

async function keytarApi() {
  const keytar = await import('keytar');
  return 'default' in keytar && keytar.default ? keytar.default : keytar;
}

/** What a test run's own keychain service holds, read straight from the keychain. */
export async function keychainEntries(service: string): Promise<{ readonly account: string; readonly password: string }[]> {
  return (await keytarApi()).findCredentials(service);
}

/** Deletes whatever a test run left under its own keychain service. */
export async function clearKeychainService(service: string): Promise<void> {
  const api = await keytarApi();
  for (const { account } of await api.findCredentials(service)) await api.deletePassword(service, account);
}
