/**
 * `npm run bench` in its quick mode, so the bench cannot rot between real runs: every
 * figure is measured a few times (no budget enforced) against the build `npm test`
 * made, and the JSON it writes must hold each figure with numeric min/median/max.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, requireBuiltCli } from '../support/built-cli';

const FIGURES = [
  'renderer-initial-js-gzip',
  'click-to-claims',
  'renderer-load-ready',
  'renderer-heap-growth',
  'core-token-in-process',
  'cli-decode',
  'cli-get-sandbox',
  'core-heap-growth',
];

interface Summary {
  readonly min: unknown;
  readonly median: unknown;
  readonly max: unknown;
}

interface ReportFigure {
  readonly id: string;
  readonly subject: Summary;
  readonly baseline: Summary | null;
  readonly budget: string;
  readonly pass: boolean;
}

const chromiumMissing = !existsSync('/usr/bin/chromium');
if (chromiumMissing) console.log('Skipping the bench smoke run: /usr/bin/chromium is missing (Debian: apt-get install chromium).');

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'wtd-bench-smoke-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function runBench(outFile: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'scripts', 'bench.mjs'), '--smoke', '--app-dir', 'out', '--out', outFile], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const isNumber = (value: unknown): boolean => typeof value === 'number' && Number.isFinite(value);

describe.skipIf(chromiumMissing)('npm run bench -- --smoke', () => {
  it('measures every figure and writes them, with min, median and max, to its JSON file', async () => {
    requireBuiltCli();
    const outFile = path.join(dir, 'bench.json');
    const run = await runBench(outFile);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('| figure |');

    const report = JSON.parse(await readFile(outFile, 'utf8')) as { mode: string; figures: ReportFigure[] };
    expect(report.mode).toBe('smoke');
    expect(report.figures.map((figure) => figure.id).sort()).toEqual([...FIGURES].sort());
    for (const figure of report.figures) {
      for (const summary of figure.baseline === null ? [figure.subject] : [figure.subject, figure.baseline]) {
        expect([summary.min, summary.median, summary.max].every(isNumber), `${figure.id}: ${JSON.stringify(summary)}`).toBe(true);
      }
      expect(figure.budget.length).toBeGreaterThan(0);
      expect(typeof figure.pass).toBe('boolean');
    }
  }, 120_000);
});
