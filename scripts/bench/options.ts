/**
 * The bench's command line. `--smoke` runs every figure a few times with small counts and
 * enforces no budget: it proves the bench still runs (tests/bench/bench-smoke.test.ts).
 */
import path from 'node:path';

export interface BenchOptions {
  readonly smoke: boolean;
  /** The JSON file the run writes. */
  readonly outFile: string;
  /** The build to measure: out/ of `npm run build`, or the bench's private one. */
  readonly appDir: string;
  /** How many samples each timed figure takes, after `warmup` unrecorded ones. */
  readonly runs: RunCounts;
  /** `--only id,id`: measure just these figures (while working on one); null for all. */
  readonly only: ReadonlySet<string> | null;
  /** A built page that renders only a React button (scripts/bench.mjs builds it), or null. */
  readonly reactFloorDir: string | null;
}

export interface RunCounts {
  readonly warmup: number;
  readonly click: number;
  readonly inProcess: number;
  /** In-process calls are short: more of them warm the JIT and the kept-alive connections. */
  readonly inProcessWarmup: number;
  readonly cli: number;
  readonly load: number;
  /** Repetitions of each memory figure, and the fetch counts they compare. */
  readonly memoryRepeats: number;
  readonly rendererFetches: { readonly first: number; readonly last: number };
  readonly coreFetches: { readonly first: number; readonly last: number };
}

const FULL: RunCounts = {
  warmup: 5,
  click: 60,
  inProcess: 400,
  inProcessWarmup: 300,
  cli: 20,
  load: 20,
  memoryRepeats: 3,
  rendererFetches: { first: 1, last: 300 },
  coreFetches: { first: 10, last: 1000 },
};

/** A functional check, not a measurement: no warm-up, the fewest runs that give a min, a median and a max. */
const SMOKE: RunCounts = {
  warmup: 0,
  click: 3,
  inProcess: 3,
  inProcessWarmup: 2,
  cli: 2,
  load: 2,
  memoryRepeats: 2,
  rendererFetches: { first: 1, last: 4 },
  coreFetches: { first: 2, last: 6 },
};

/** `bench-results/bench-2026-11-24.json`: the UTC date of the run. */
export function defaultOutFile(root: string, now: Date): string {
  return path.join(root, 'bench-results', `bench-${now.toISOString().slice(0, 10)}.json`);
}

export function parseOptions(argv: readonly string[], root: string, now: Date): BenchOptions {
  let smoke = false;
  let outFile: string | undefined;
  let appDir: string | undefined;
  let only: Set<string> | null = null;
  let reactFloorDir: string | null = null;
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index];
    const value = (): string => {
      const next = argv[index + 1];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      index += 1;
      return next;
    };
    if (arg === '--smoke') smoke = true;
    else if (arg === '--out') outFile = path.resolve(value());
    else if (arg === '--app-dir') appDir = path.resolve(value());
    else if (arg === '--only') only = new Set(value().split(','));
    else if (arg === '--react-floor') reactFloorDir = path.resolve(value());
    else throw new Error(`unknown option ${arg ?? ''} (options: --smoke, --out FILE, --app-dir DIR, --only ID,ID)`);
  }
  return {
    smoke,
    outFile: outFile ?? defaultOutFile(root, now),
    appDir: appDir ?? path.join(root, 'out'),
    runs: smoke ? SMOKE : FULL,
    only,
    reactFloorDir,
  };
}
