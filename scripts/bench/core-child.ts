/**
 * The main-process core as a shell builds it (bridge handler table and token service, the
 * sandbox started on first use), measured in a process of its own so that nothing of the
 * bench (its browser driver, its other figures) weighs on the figures. Prints one JSON line.
 *
 *   node core-child.mjs timing WARMUP RUNS   token service vs a raw GET, interleaved
 *   node --expose-gc core-child.mjs memory FIRST LAST   heap after FIRST and after LAST fetches
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createBridgeHandlers, createCore } from '../../main/core/bridge-handlers';
import { createKeychainStore } from '../../main/core/keychain';
import { createSandboxLauncher } from '../../main/sandbox/sandbox-launcher';
import { rawGet } from './raw-get';
import { interleaved, since, type Paired } from './stats';

export interface CoreMemoryReading {
  readonly heapUsed: number;
  readonly rss: number;
}

export interface CoreMemoryResult {
  readonly afterFirst: CoreMemoryReading;
  readonly afterLast: CoreMemoryReading;
}

export type CoreTimingResult = Paired;

const gc = (globalThis as { gc?: () => void }).gc;

function reading(): CoreMemoryReading {
  if (gc === undefined) throw new Error('run with node --expose-gc');
  gc();
  gc();
  const { heapUsed, rss } = process.memoryUsage();
  return { heapUsed, rss };
}

type Launcher = ReturnType<typeof createSandboxLauncher>;

async function timing(home: string, sandbox: Launcher, warmup: number, runs: number): Promise<CoreTimingResult> {
  // The sandbox profile never reads the keychain, so this store never loads keytar.
  const core = createCore({ dataDir: home, secrets: createKeychainStore(), sandbox: sandbox.launch });
  const raw = rawGet((await sandbox.launch()).baseUrl);
  try {
    return await interleaved(
      { warmup, runs },
      async () => {
        const start = performance.now();
        const outcome = await core.tokens.getToken('sandbox');
        const elapsed = since(start);
        if (!outcome.decoded.ok) throw new Error('the sandbox token did not decode');
        return elapsed;
      },
      async () => {
        const start = performance.now();
        await raw.get();
        return since(start);
      },
    );
  } finally {
    raw.close();
  }
}

async function memory(home: string, sandbox: Launcher, first: number, last: number): Promise<CoreMemoryResult> {
  const handlers = createBridgeHandlers({ shell: 'preview', appVersion: 'bench', dataDir: home, secrets: createKeychainStore(), sandbox: sandbox.launch });
  const fetchTokens = async (count: number): Promise<void> => {
    for (let index = 0; index < count; index += 1) {
      const result = await handlers.getToken({ profile: 'sandbox' });
      if (!result.ok) throw new Error(`getToken failed: ${result.error.message}`);
    }
  };
  await fetchTokens(first);
  const afterFirst = reading();
  await fetchTokens(last - first);
  return { afterFirst, afterLast: reading() };
}

const [mode, a, b] = process.argv.slice(2);
const first = Number(a);
const second = Number(b);
if ((mode !== 'timing' && mode !== 'memory') || !(first >= 0 && second > 0)) throw new Error('usage: core-child timing WARMUP RUNS | memory FIRST LAST');

const home = await mkdtemp(path.join(tmpdir(), 'wtd-bench-core-'));
const sandbox = createSandboxLauncher();
try {
  const result = mode === 'timing' ? await timing(home, sandbox, first, second) : await memory(home, sandbox, first, second);
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  await sandbox.close();
  await rm(home, { recursive: true, force: true });
}
