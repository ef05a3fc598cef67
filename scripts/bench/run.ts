/**
 * The bench itself (built and started by scripts/bench.mjs): every figure of the
 * performance issue against a baseline measured beside it in the same run, a table on
 * stdout, the JSON in bench-results/, and a non-zero exit when a budget is missed.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_ARGS, CHROMIUM_PATH, clickFigure, launchChromium, loadFigure, rendererHeapFigure } from './browser-bench';
import { launchPipeChromium } from './pipe-chromium';
import { bundleFigure } from './bundle-size';
import { cliFigures } from './cli-bench';
import { coreMemoryFigure, inProcessFigure } from './core-bench';
import type { Figure } from './figures';
import { parseOptions, type BenchOptions } from './options';
import { sandboxBaseUrl, startPreviewProcess } from './preview-process';
import { rawGet } from './raw-get';
import { table, writeReport, type BenchReport } from './report';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const root = process.cwd();

function commit(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: root, encoding: 'utf8' }).trim() !== '';
    return dirty ? `${head} + uncommitted changes` : head;
  } catch {
    return 'unknown';
  }
}

function requireBuild(appDir: string): void {
  for (const part of ['main/cli.js', 'renderer/index.html', 'preview/bridge.js']) {
    if (!existsSync(path.join(appDir, part))) throw new Error(`${path.join(appDir, part)} is missing: build first (npm run build), or run without --app-dir`);
  }
}

function step(text: string): void {
  process.stderr.write(`bench: ${text}\n`);
}

async function measure(options: BenchOptions, home: string): Promise<{ figures: Figure[]; chromium: string }> {
  const { runs, appDir, only } = options;
  const wants = (...ids: string[]): boolean => only === null || ids.some((id) => only.has(id));
  const figures: Figure[] = [];
  if (wants('renderer-initial-js-gzip')) figures.push(await bundleFigure(path.join(appDir, 'renderer')));

  const [preview, browser] = await Promise.all([startPreviewProcess(appDir, home), launchChromium()]);
  const chromium = browser.version();
  let token: string;
  try {
    const first = await preview.getToken();
    token = first.token;
    if (wants('click-to-claims')) {
      step('click -> claims');
      const [raw, pipe] = [rawGet(sandboxBaseUrl(first)), await launchPipeChromium(CHROMIUM_PATH, CHROMIUM_ARGS)];
      try {
        figures.push(await clickFigure(pipe, browser, preview, raw, runs));
      } finally {
        raw.close();
        await pipe.close();
      }
    }
    if (wants('renderer-load-ready')) {
      step('load -> Get token enabled');
      figures.push(await loadFigure(browser, preview, runs, options.reactFloorDir));
    }
    if (wants('renderer-heap-growth')) {
      step('renderer heap');
      figures.push(await rendererHeapFigure(browser, preview, runs));
    }
  } finally {
    await browser.close();
    await preview.stop();
  }

  if (wants('core-token-in-process')) {
    step('token service in process');
    figures.push(await inProcessFigure(benchDir, home, runs));
  }
  if (wants('cli-decode', 'cli-get-sandbox')) {
    step('CLI processes');
    figures.push(...(await cliFigures(appDir, home, token, runs)));
  }
  if (wants('core-heap-growth')) {
    step('core memory');
    figures.push(await coreMemoryFigure(benchDir, home, runs));
  }
  return { figures, chromium };
}

async function main(): Promise<number> {
  const startedAt = new Date();
  const options = parseOptions(process.argv.slice(2), root, startedAt);
  requireBuild(options.appDir);
  const loadStart = os.loadavg();
  const home = await mkdtemp(path.join(os.tmpdir(), 'wtd-bench-'));
  try {
    const { figures, chromium } = await measure(options, home);
    const misses = figures.filter((figure) => !figure.pass).map((figure) => figure.id);
    const enforced = !options.smoke;
    const report: BenchReport = {
      date: startedAt.toISOString(),
      command: process.env.WIDGET_TOKEN_BENCH_COMMAND ?? `node ${path.relative(root, fileURLToPath(import.meta.url))} ${process.argv.slice(2).join(' ')}`.trim(),
      mode: options.smoke ? 'smoke' : 'full',
      commit: commit(),
      node: process.version,
      chromium,
      cpus: os.cpus().length,
      loadAverage: { start: loadStart, end: os.loadavg() },
      passed: misses.length === 0,
      misses,
      figures,
    };
    await writeReport(options.outFile, report);
    const load = (values: readonly number[]) => values.map((value) => value.toFixed(2)).join(' ');
    process.stdout.write(
      [
        '',
        `Widget Token Desk bench, ${report.date} (${report.mode}), ${report.command}`,
        `commit ${report.commit}; Node ${report.node}, Chromium ${chromium}, ${report.cpus} CPUs, load average ${load(loadStart)} -> ${load(report.loadAverage.end)}`,
        '',
        table(figures, enforced),
        '',
        ...figures.flatMap((figure) => figure.notes.map((note) => `- ${figure.id}: ${note}`)),
        '',
        `JSON: ${path.relative(root, options.outFile)}`,
        misses.length === 0
          ? 'All figures within budget.'
          : `${enforced ? 'Over budget' : 'Over budget (smoke run: not enforced)'}: ${figures
              .filter((figure) => !figure.pass)
              .map((figure) => `${figure.id} (${figure.compared.text}; budget ${figure.budget})`)
              .join(', ')}`,
        '',
      ].join('\n'),
    );
    return enforced && misses.length > 0 ? 1 : 0;
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(2);
  },
);
