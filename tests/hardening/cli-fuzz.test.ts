/**
 * The command line fed hostile input. In process, fast-check throws arbitrary argv at the
 * parser of every command (unicode and unpaired surrogates, empty strings, `--`, `=` forms,
 * 1 MiB values, NUL bytes, values that look like options, secrets in every spelling): it
 * either parses, and the result fits the command's spec, or it throws the CLI's
 * UsageError, whose text never repeats a value given to a secret-looking option.
 *
 * Then the built `widget-token` itself (out/main/cli.js) runs in child processes with
 * generated argv for every command, a bounded number of times: the exit code is a
 * documented one (0, 2-6, and 1 from `widget check` alone; never a signal), stderr shows no stack
 * trace, neither stream repeats a secret given in an argument or the environment, and a
 * command that exits 2 has written nothing into the data folder. `decode` also gets
 * hostile tokens on stdin: 30-digit numbers (kept digit for digit by --json), deep
 * nesting, 2 MiB of base64url, invalid UTF-8.
 *
 * The seed is printed by fast-check when a property fails; set WTD_FUZZ_SEED to replay it.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSecretOption, parseArgs, parsePort, parseTimeoutMs, UsageError, wantsHelp } from '../../main/cli/args';
import { COMMAND_SPECS, type CommandName, type CommandSpec } from '../../main/cli/command-specs';
import { ValidationError } from '../../main/core/errors';
import { createKeychainStore } from '../../main/core/keychain';
import { BUILT_CLI, clearKeychainService, requireBuiltCli } from '../support/built-cli';
import { echoAnswer, echoPlan, hostileText, secretSpellings, type EchoAnswer } from './support/echo-answers';

const SEED = process.env.WTD_FUZZ_SEED === undefined ? Date.now() % 2 ** 31 : Number(process.env.WTD_FUZZ_SEED);
const PARSER_RUNS_PER_COMMAND = 1000;
const SPAWNED_RUNS_PER_GROUP = 5;
const SPAWN_BUDGET_MS = 20_000;
const DECODE_PROPERTY_RUNS = 8;
const ECHO_RUNS = 24;
const HOSTILE_CLAIM_RUNS = 12;

/** What a terminal would act on: C0 controls but line feed, DEL, C1, bidi controls, line separators. */
// eslint-disable-next-line no-control-regex -- the control characters a terminal obeys are what is looked for
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
/** Runs against the echoing server and hostile claims, the secrets and raw controls they showed (both must stay 0). */
let echoRuns = 0;
let echoSecretsShown = 0;
let rawControlsShown = 0;

/** Every value given to a secret-looking option starts so: it must never be seen again. */
const MARKER_PREFIX = 'wtdsecret';
const ENV_APP_SECRET = `wtdenvapp${randomUUID().replace(/-/g, '')}`;
const ENV_ACCESS_TOKEN = `wtdenvaccess${randomUUID().replace(/-/g, '')}`;
const SERVICE = `widget-token-desk-cli-fuzz-${randomUUID()}`;
const STACK_LINE = /^\s+at /m;
const SECRET_REFUSAL = 'Secrets are never taken from command-line arguments.';

/** Names the CLI refuses as secrets, and names it does not know at all (refused as unknown). */
const SECRET_LOOKING = ['--app-secret', '--appSecret', '--APP_SECRET', '--app_secret', '--access-token', '--accessToken', '--ACCESS_TOKEN', '--secret', '---app-secret', '-app-secret', '--token', '--password', '--client-secret'];

const b64 = (text: string | Buffer): string => Buffer.from(text).toString('base64url');
const jwt = (payload: string | Buffer, header = '{"alg":"HS256","typ":"JWT"}'): string => `${b64(header)}.${b64(payload)}.${b64('signature')}`;
const SAMPLE_TOKEN = jwt('{"UserID":7493990753256900486,"ShopIDs":[7494001122334455667],"exp":1701066020}');

const HUGE_ASCII = 'v'.repeat(64 * 1024);
/** Beyond what a process argument may hold (128 KiB on Linux): for the in-process parser only. */
const HUGE_MIB = 'w'.repeat(1024 * 1024);
const HUGE_UNICODE = '€🔑'.repeat(8 * 1024);

let parserCases = 0;
let spawnedRuns = 0;
/** Exit codes of the spawned runs, so the line shows the runs reached past the parser. */
const exits = new Map<string, number>();

function countRun(result: { code: number | null; signal: NodeJS.Signals | null }): void {
  spawnedRuns += 1;
  const key = String(result.code ?? result.signal);
  exits.set(key, (exits.get(key) ?? 0) + 1);
}

// ---------------------------------------------------------------------------------------
// Generators

const marker = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'), minLength: 8, maxLength: 8 }).map((suffix) => `${MARKER_PREFIX}${suffix}`);

/** A secret-looking option with a marker as its value, as one argument (`=`) or two. */
const secretArgs: fc.Arbitrary<string[]> = fc
  .tuple(fc.constantFrom(...SECRET_LOOKING), marker, fc.boolean())
  .map(([name, value, joined]) => (joined ? [`${name}=${value}`] : [name, value]));

/** Values each option accepts, so that runs also get past the parser to the command. */
const VALID: Readonly<Record<string, readonly string[]>> = {
  '--profile': ['sandbox', 'closed', 'api-error'],
  '--timeout': ['0.5', '5'],
  '--port': ['0'],
  '--base-url': ['https://open-api.tiktokglobalshop.com', 'http://127.0.0.1:9'],
  '--app-key': ['k1'],
  '--version': ['202401', ''],
};

/** Values near the valid ones, accepted or not. */
const PLAUSIBLE: Readonly<Record<string, readonly string[]>> = {
  '--profile': ['sandbox', 'closed', 'api-error', 'ghost', 'SANDBOX'],
  '--timeout': ['0.5', '5', '0', '601', '1e3', ' 5'],
  '--port': ['0', '65536', '-1', 'x', ' 0'],
  '--base-url': ['https://open-api.tiktokglobalshop.com', 'http://127.0.0.1:9', 'http://remote.example', 'ftp://x', 'https://'],
  '--app-key': ['k1', 'key with space', ''],
  '--version': ['202401', '', '2024 01'],
};

const ODD_VALUES = ['', ' ', '-', '--', '---', '=', '==', '-1', '--json', '-h', '--help', '--=x', 'sandbox', '\u0000', 'a\u0000b', '\ud800', '\udc00x', '🔑', 'é\u0301', '\u202e', '\n', 'Bearer x', SAMPLE_TOKEN];

function valueArb(forSpawn: boolean): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: fc.string({ unit: forSpawn ? 'grapheme' : 'binary', maxLength: 24 }), weight: 4 },
    { arbitrary: fc.constantFrom(...ODD_VALUES), weight: 3 },
    { arbitrary: fc.constantFrom(...Object.values(PLAUSIBLE).flat()), weight: 2 },
    { arbitrary: fc.constantFrom(...(forSpawn ? [HUGE_ASCII, HUGE_UNICODE] : [HUGE_ASCII, HUGE_UNICODE, HUGE_MIB])), weight: 1 },
  );
}

/** Plausible arguments per command, likewise. */
const POSITIONALS: Readonly<Partial<Record<CommandName, readonly string[]>>> = {
  decode: ['-', SAMPLE_TOKEN, 'not-a-jwt'],
  'profile set': ['fuzzed', 'closed', 'api-error', 'sandbox'],
  'profile remove': ['closed', 'api-error', 'ghost', 'sandbox'],
};

/** `name value` or `name=value`. */
const optionArgs = (name: string, value: fc.Arbitrary<string>): fc.Arbitrary<string[]> =>
  fc.tuple(value, fc.boolean()).map(([v, joined]) => (joined ? [`${name}=${v}`] : [name, v]));

/** Arguments that fit the command, from the plausible pools: runs that reach the command itself. */
function fittingArb(spec: CommandSpec | null): fc.Arbitrary<string[]> {
  if (spec === null) {
    return fc.constantFrom<string[]>(['--version'], ['-V'], ['--help'], ['get', '--json'], ['profile'], ['profile', 'list', '--json'], ['decode', SAMPLE_TOKEN], ['help', 'profile', 'set']);
  }
  const positionals = spec.positionals.map(() => fc.constantFrom(...(POSITIONALS[spec.name] ?? ['x'])));
  const options = Object.entries(spec.options).map(([name, option]) =>
    fc.option(option.value === undefined ? fc.constant<string[]>([name]) : optionArgs(name, fc.constantFrom(...(VALID[name] ?? ['x']))), { nil: undefined }),
  );
  return fc.tuple(fc.tuple(...positionals), fc.tuple(...options)).map(([given, chosen]) => [...given, ...chosen.flatMap((args) => args ?? [])]);
}

/**
 * Argument lists for one command: anything (its own options and others', right and wrong,
 * values, `--`, secrets), arguments that fit, and fitting ones with one hostile piece put in.
 */
function argvArb(spec: CommandSpec | null, forSpawn: boolean): fc.Arbitrary<string[]> {
  const names = [...new Set([...Object.keys(spec?.options ?? {}), '--json', '--profile', '--port'])];
  const value = valueArb(forSpawn);
  const optionWithValue = fc.constantFrom(...names).chain((name) => optionArgs(name, fc.oneof(fc.constantFrom(...(PLAUSIBLE[name] ?? ['x'])), value)));
  const chunk: fc.Arbitrary<string[]> = fc.oneof(
    { arbitrary: value.map((v) => [v]), weight: 3 },
    { arbitrary: fc.constantFrom(...names, '--', '-', '--help', '-h', '--bogus', '-x', '--=').map((v) => [v]), weight: 3 },
    { arbitrary: optionWithValue, weight: 3 },
    { arbitrary: fc.tuple(fc.constantFrom('--bogus', '--', '-'), value).map(([n, v]) => [`${n}=${v}`]), weight: 1 },
    { arbitrary: secretArgs, weight: 2 },
  );
  const fitting = fittingArb(spec);
  return fc.oneof(
    { arbitrary: fc.array(chunk, { maxLength: forSpawn ? 5 : 8 }).map((chunks) => chunks.flat()), weight: 2 },
    { arbitrary: fitting, weight: 2 },
    {
      arbitrary: fc.tuple(fitting, chunk, fc.nat()).map(([args, piece, at]) => {
        const index = at % (args.length + 1);
        return [...args.slice(0, index), ...piece, ...args.slice(index)];
      }),
      weight: 2,
    },
  );
}

/** The markers given to secret-looking options before any `--`: none may come back. */
function protectedMarkers(argv: readonly string[]): string[] {
  const end = argv.includes('--') ? argv.indexOf('--') : argv.length;
  const found: string[] = [];
  for (let i = 0; i < end; i++) {
    const arg = argv[i] ?? '';
    const equals = arg.indexOf('=');
    const name = equals === -1 ? arg : arg.slice(0, equals);
    if (!SECRET_LOOKING.includes(name)) continue;
    const given = equals === -1 ? argv[i + 1] : arg.slice(equals + 1);
    if (given?.startsWith(MARKER_PREFIX)) found.push(given);
  }
  return found;
}

// ---------------------------------------------------------------------------------------
// The parser, in process

describe('the argument parser under arbitrary argv', () => {
  it.each(Object.keys(COMMAND_SPECS) as CommandName[])('`%s` parses or throws a UsageError that repeats no secret', (name) => {
    const spec = COMMAND_SPECS[name];
    fc.assert(
      fc.property(argvArb(spec, false), (argv) => {
        parserCases += 1;
        const secretGiven = argv.slice(0, argv.includes('--') ? argv.indexOf('--') : argv.length).some(isSecretOption);
        let parsed;
        try {
          wantsHelp(argv);
          parsed = parseArgs(argv, spec);
          // What the commands do with the values right after parsing belongs to the parser too.
          if ('--port' in spec.options) parsePort(parsed.values.get('--port'), spec);
          if ('--timeout' in spec.options) parseTimeoutMs(parsed.values.get('--timeout'), spec);
        } catch (error) {
          expect(error).toBeInstanceOf(UsageError);
          expect(error).toBeInstanceOf(ValidationError);
          const { message, explanation, resolution } = error as UsageError;
          const text = `${message}\n${explanation}\n${resolution}`;
          for (const secret of protectedMarkers(argv)) expect(text).not.toContain(secret);
          if (secretGiven) expect(message).toBe(SECRET_REFUSAL);
          return;
        }
        expect(secretGiven).toBe(false);
        const required = spec.positionals.filter((p) => !p.optional).length;
        expect(parsed.positionals.length).toBeGreaterThanOrEqual(required);
        expect(parsed.positionals.length).toBeLessThanOrEqual(spec.positionals.length);
        for (const key of parsed.values.keys()) expect(spec.options[key]?.value).toBeDefined();
        for (const key of parsed.switches) expect(spec.options[key]?.value).toBeUndefined();
      }),
      { seed: SEED, numRuns: PARSER_RUNS_PER_COMMAND },
    );
  });
});

// ---------------------------------------------------------------------------------------
// The built CLI, in child processes

interface Spawned {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The first line of the commands that run until stopped; once it is out, they handle SIGTERM. */
const RUNNING = /^(Offline sandbox listening on |\{"baseUrl"|Widget Token Desk preview: )/m;

let root: string;
/** The data folders a run starts from: profiles.json valid, or damaged. */
let seedHomes: Record<DataFolder, string>;
let workDir: string;
let stubBin: string;
let apiErrorServer: http.Server;
let apiErrorUrl: string;
let echoServer: http.Server;
let echoAnswerNext: EchoAnswer = { status: 200, contentType: 'text/plain', body: '' };

function childEnv(home: string): NodeJS.ProcessEnv {
  return {
    // xdg-open is a stub first on PATH: `preview` without --no-open must open no real browser.
    PATH: `${stubBin}${path.delimiter}${process.env.PATH ?? ''}`,
    HOME: path.join(root, 'user'),
    TMPDIR: path.join(root, 'tmp'),
    ...(process.env.DBUS_SESSION_BUS_ADDRESS === undefined ? {} : { DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS }),
    WIDGET_TOKEN_HOME: home,
    WIDGET_TOKEN_KEYCHAIN_SERVICE: SERVICE,
    WIDGET_TOKEN_APP_SECRET: ENV_APP_SECRET,
    WIDGET_TOKEN_ACCESS_TOKEN: ENV_ACCESS_TOKEN,
  };
}

function spawnRun(argv: readonly string[], home: string, input: Buffer | string = ''): Promise<Spawned> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BUILT_CLI, ...argv], { cwd: workDir, env: childEnv(home), stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    let stopping = false;
    const killer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`widget-token did not finish in 20 s; stderr so far: ${stderr.slice(0, 2000)}`));
    }, 20_000);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (!stopping && RUNNING.test(stdout)) {
        stopping = true;
        child.kill('SIGTERM');
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    // `decode -` stops reading after 1 MiB: the rest of a bigger input meets a closed pipe.
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Every file under `dir` with its bytes: what a command that exits 2 must leave as it was. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const name of (await fs.readdir(dir, { recursive: true })).sort()) {
    const full = path.join(dir, name);
    const stat = await fs.stat(full);
    files[name] = stat.isFile() ? (await fs.readFile(full)).toString('base64') : 'folder';
  }
  return files;
}

/** The keychain entries the seeded profiles need; re-set before each run, as one may remove them. */
async function seedSecrets(): Promise<void> {
  const keychain = createKeychainStore({ service: SERVICE });
  for (const profile of ['closed', 'api-error']) {
    await keychain.set(profile, 'app-secret', `app-${profile}`).catch(() => undefined);
    await keychain.set(profile, 'access-token', `access-${profile}`).catch(() => undefined);
  }
}

type DataFolder = 'valid' | 'damaged';

/** One spawned run in a fresh copy of a seeded data folder, with every property checked. */
async function checkedRun(argv: readonly string[], folder: DataFolder): Promise<void> {
  const visible = argv.map((arg) => arg.replace(/\0/g, ''));
  const home = await fs.mkdtemp(path.join(root, 'home-'));
  try {
    await fs.cp(seedHomes[folder], home, { recursive: true });
    await seedSecrets();
    const before = await snapshot(home);
    const result = await spawnRun(visible, home);
    countRun(result);
    const shown = `exit ${result.code ?? result.signal}; stderr: ${result.stderr.slice(0, 1500)}`;
    expect(result.signal, shown).toBeNull();
    // 1 is documented for `widget check` alone (a check failed); from any other command it would be a bug.
    const documented = visible[0] === 'widget' && visible[1] === 'check' ? [0, 1, 2, 3, 4, 5, 6] : [0, 2, 3, 4, 5, 6];
    expect(documented, shown).toContain(result.code);
    expect(result.stderr, shown).not.toMatch(STACK_LINE);
    for (const secret of [...protectedMarkers(visible), ENV_APP_SECRET, ENV_ACCESS_TOKEN]) {
      expect(result.stdout, 'a secret on stdout').not.toContain(secret);
      expect(result.stderr, 'a secret on stderr').not.toContain(secret);
    }
    if (result.code === 2) expect(await snapshot(home), shown).toEqual(before);
  } finally {
    await fs.rm(home, { recursive: true, force: true });
  }
}

interface Group {
  readonly label: string;
  /** The words that name the command; none for the top level itself. */
  readonly words: readonly string[];
  readonly spec: CommandSpec | null;
  /** Argument lists tried before the generated ones: places outside parseArgs that read a secret first. */
  readonly examples: readonly string[][];
}

const GROUPS: readonly Group[] = [
  ...Object.values(COMMAND_SPECS).map((spec) => ({ label: spec.name, words: spec.name.split(' '), spec, examples: [] })),
  { label: 'help', words: ['help'], spec: null, examples: [[`--app-secret=${MARKER_PREFIX}help0001`], ['profile', `--AccessToken=${MARKER_PREFIX}help0002`]] },
  { label: '(top level)', words: [], spec: null, examples: [[`--access_token=${MARKER_PREFIX}top00001`], ['profile', `--secret=${MARKER_PREFIX}top00002`]] },
];

/** Runs `tasks` two at a time: the machine has two cores, and each run is a process. */
async function inPairs(tasks: readonly (() => Promise<void>)[]): Promise<void> {
  const queue = [...tasks];
  const lane = async () => {
    for (let task = queue.shift(); task !== undefined; task = queue.shift()) await task();
  };
  await Promise.all([lane(), lane()]);
}

describe('the built widget-token under generated argv', () => {
  beforeAll(async () => {
    requireBuiltCli();
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'wtd-cli-fuzz-'));
    seedHomes = { valid: path.join(root, 'seed-valid'), damaged: path.join(root, 'seed-damaged') };
    workDir = path.join(root, 'cwd');
    stubBin = path.join(root, 'bin');
    for (const dir of [seedHomes.valid, seedHomes.damaged, workDir, stubBin, path.join(root, 'user'), path.join(root, 'tmp')]) await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(path.join(stubBin, 'xdg-open'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });

    // A server that answers every call with a documented API error: `get` reaches exit 3 too.
    apiErrorServer = http.createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"code":106001,"message":"Invalid sign","request_id":"req-cli-fuzz","data":{}}');
    });
    await new Promise<void>((resolve) => apiErrorServer.listen(0, '127.0.0.1', resolve));
    apiErrorUrl = `http://127.0.0.1:${(apiErrorServer.address() as AddressInfo).port}`;
    // Port 9 (discard) is closed on a loopback without inetd: `get --profile closed` meets a refused connection.
    await fs.writeFile(
      path.join(seedHomes.valid, 'profiles.json'),
      `${JSON.stringify(
        {
          version: 1,
          active: null,
          profiles: [
            { name: 'closed', baseUrl: 'http://127.0.0.1:9', appKey: 'kclosed' },
            { name: 'api-error', baseUrl: apiErrorUrl, appKey: 'kapierror' },
          ],
          settings: { autoRefresh: false },
        },
        null,
        2,
      )}\n`,
    );
    await fs.writeFile(path.join(seedHomes.damaged, 'profiles.json'), '{"version": 1, "profiles": [{"name": "closed",');

    // A server that answers with whatever the echo property asks: the secrets echoed, terminal controls around them.
    echoServer = http.createServer((_request, response) => {
      response.writeHead(echoAnswerNext.status, { 'content-type': echoAnswerNext.contentType });
      response.end(echoAnswerNext.body);
    });
    await new Promise<void>((resolve) => echoServer.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    await new Promise((resolve) => apiErrorServer?.close(resolve));
    echoServer?.closeAllConnections();
    await new Promise((resolve) => echoServer?.close(resolve));
    await clearKeychainService(SERVICE).catch(() => undefined);
    if (root) await fs.rm(root, { recursive: true, force: true });
    const tally = [...exits].sort(([a], [b]) => a.localeCompare(b)).map(([code, count]) => `exit ${code}: ${count}`);
    console.log(
      `cli fuzz: ${parserCases} parser cases, ${spawnedRuns} spawned runs (${tally.join(', ')}); ${echoRuns} of them against an echoing server or with hostile claims: ${echoSecretsShown} secrets shown, ${rawControlsShown} raw control characters`,
    );
  });

  it('every command: a documented exit code, no stack trace, no secret repeated, nothing written on a usage error', async () => {
    const deadline = Date.now() + SPAWN_BUDGET_MS;
    const failures: unknown[] = [];
    await inPairs(
      GROUPS.map((group, index) => async () => {
        const property = fc.asyncProperty(argvArb(group.spec, true), fc.constantFrom<DataFolder>('valid', 'valid', 'damaged'), async (args, folder) =>
          checkedRun([...group.words, ...args], folder),
        );
        try {
          await fc.assert(property, {
            seed: SEED + index,
            numRuns: SPAWNED_RUNS_PER_GROUP,
            examples: group.examples.map((args): [string[], DataFolder] => [args, 'valid']),
            // A spawned run costs a process: the counterexample is reported as found, unshrunk.
            endOnFailure: true,
            interruptAfterTimeLimit: Math.max(1000, deadline - Date.now()),
            markInterruptAsFailure: false,
          });
        } catch (error) {
          // fast-check's report has the seed and the argv; the cause says which check failed.
          const cause = error instanceof Error && error.cause instanceof Error ? `\n${error.cause.message}` : '';
          failures.push(new Error(`widget-token ${group.label}: ${error instanceof Error ? error.message : String(error)}${cause}`));
        }
      }),
    );
    if (failures.length > 0) throw failures[0];
  }, 90_000);

  describe('server and token text that echoes secrets or drives the terminal', () => {
    /** The output shows no secret in any spelling and no control character but line feeds. */
    function expectSafeOutput(result: Spawned): void {
      const output = `${result.stdout}\n${result.stderr}`;
      const shown = [ENV_APP_SECRET, ENV_ACCESS_TOKEN].flatMap(secretSpellings).filter((spelling) => output.includes(spelling));
      echoSecretsShown += shown.length;
      const control = RAW_CONTROL.exec(output);
      if (control !== null) rawControlsShown += 1;
      expect(shown, output.slice(0, 1500)).toEqual([]);
      expect(control?.[0], JSON.stringify(output.slice(Math.max(0, (control?.index ?? 0) - 60), (control?.index ?? 0) + 60))).toBeUndefined();
    }

    it('`get` against a server that echoes the secrets between terminal controls: neither reaches the output', async () => {
      const home = await fs.mkdtemp(path.join(root, 'echo-home-'));
      const set = await spawnRun(['profile', 'set', 'echo', '--base-url', `http://127.0.0.1:${(echoServer.address() as AddressInfo).port}`, '--app-key', 'echokey'], home);
      countRun(set);
      expect(set.code, set.stderr).toBe(0);
      await fc.assert(
        fc.asyncProperty(echoPlan, fc.boolean(), async (plan, json) => {
          echoAnswerNext = echoAnswer(plan, { appSecret: ENV_APP_SECRET, accessToken: ENV_ACCESS_TOKEN });
          const result = await spawnRun(['get', '--profile', 'echo', '--timeout', '5', ...(json ? ['--json'] : [])], home);
          countRun(result);
          echoRuns += 1;
          expect(result.signal).toBeNull();
          expect([0, 3, 4], result.stderr.slice(0, 500)).toContain(result.code);
          expect(result.stderr).not.toMatch(STACK_LINE);
          expectSafeOutput(result);
          if (json && result.code === 0) expect(() => JSON.parse(result.stdout) as unknown).not.toThrow();
        }),
        { seed: SEED, numRuns: ECHO_RUNS, endOnFailure: true },
      );
    }, 90_000);

    it('`decode` of claims whose names and values carry terminal controls: escaped in text, exact in --json', async () => {
      await fc.assert(
        fc.asyncProperty(hostileText, hostileText, fc.boolean(), async (name, value, json) => {
          const result = await spawnRun(['decode', '-', ...(json ? ['--json'] : [])], root, jwt(JSON.stringify({ [`c${name}`]: value, exp: 1_900_000_000 })));
          countRun(result);
          echoRuns += 1;
          expect(result.code, result.stderr.slice(0, 500)).toBe(0);
          expectSafeOutput(result);
          if (json) expect((JSON.parse(result.stdout) as { claims: Record<string, unknown> }).claims[`c${name}`]).toBe(value);
        }),
        { seed: SEED, numRuns: HOSTILE_CLAIM_RUNS, endOnFailure: true },
      );
    }, 60_000);
  });

  describe('`decode -` with hostile tokens on stdin', () => {
    const decode = async (input: Buffer | string, json = true): Promise<Spawned> => {
      const result = await spawnRun(['decode', '-', ...(json ? ['--json'] : [])], root, input);
      countRun(result);
      expect(result.signal).toBeNull();
      expect([0, 2], result.stderr.slice(0, 500)).toContain(result.code);
      expect(result.stderr).not.toMatch(STACK_LINE);
      return result;
    };

    it('keeps 30-digit integers digit for digit in --json', async () => {
      const digits = '123456789012345678901234567890';
      const result = await decode(jwt(`{"big":${digits},"neg":-${digits},"UserID":7493990753256900486,"tiny":1e-400,"huge":1e400}`));
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain(`"big": ${digits}`);
      expect(result.stdout).toContain(`"neg": -${digits}`);
      expect(result.stdout).toContain('"UserID": 7493990753256900486');
      expect(result.stdout).toContain('"huge": 1e400');
    });

    it('keeps any integer of up to 30 digits exact (generated)', async () => {
      await fc.assert(
        fc.asyncProperty(fc.bigInt({ min: -(10n ** 30n) + 1n, max: 10n ** 30n - 1n }), async (n) => {
          const result = await decode(jwt(`{"n":${n.toString()}}`));
          expect(result.code, result.stderr).toBe(0);
          expect(result.stdout).toContain(`"n": ${n.toString()}`);
        }),
        { seed: SEED, numRuns: DECODE_PROPERTY_RUNS, endOnFailure: true },
      );
    });

    const hostile: readonly (readonly [label: string, code: 0 | 2, input: () => string | Buffer])[] = [
      ['nesting 100 000 deep', 2, () => jwt(`${'['.repeat(100_000)}${']'.repeat(100_000)}`)],
      ['nesting 200 deep', 0, () => jwt(`{"a":${'['.repeat(200)}1${']'.repeat(200)}}`)],
      ['2 MiB of base64url', 2, () => 'QUJD'.repeat(512 * 1024)],
      ['a 700 KB claim', 0, () => jwt(`{"blob":"${'x'.repeat(700_000)}"}`)],
      ['invalid UTF-8 on stdin', 2, () => Buffer.from([0xff, 0xfe, 0x2e, 0xc3, 0x28, 0x2e, 0x80])],
      ['a payload of invalid UTF-8', 2, () => jwt(Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x3a, 0x31, 0x7d]))],
      ['an unpaired surrogate escape in a claim', 0, () => jwt('{"s":"\\ud800","t":"\\udc00x"}')],
      ['NUL bytes', 2, () => `${jwt('{"a":1}')}\u0000\u0000`],
      ['nothing at all', 2, () => ''],
    ];

    it.each(hostile)('%s: exit %i, never a crash', async (_label, code, input) => {
      for (const json of [true, false]) {
        const result = await decode(input(), json);
        expect(result.code, result.stderr.slice(0, 500)).toBe(code);
        if (code === 2) expect(result.stderr).toMatch(/^Error: The token cannot be decoded\. [^\n]+\n$/);
      }
    });
  });
});
