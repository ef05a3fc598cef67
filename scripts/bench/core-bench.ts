/**
 * The main-process core measured in Node, each figure in a child process (core-child.ts):
 * a token through the token service against the sandbox beside a raw GET of the same
 * endpoint, and the core's memory over many fetches.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { benchEnv } from './child-env';
import type { CoreMemoryResult, CoreTimingResult } from './core-child';
import type { Figure } from './figures';
import { fixed, ratio, ratioText } from './figures';
import type { RunCounts } from './options';
import { summarize } from './stats';

function runChild<T>(benchDir: string, home: string, nodeArgs: readonly string[], args: readonly string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, path.join(benchDir, 'core-child.mjs'), ...args], {
      env: benchEnv(home),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(JSON.parse(stdout) as T);
      else reject(new Error(`core-child ${args.join(' ')} exited with ${code}: ${stderr}`));
    });
  });
}

export async function inProcessFigure(benchDir: string, home: string, runs: RunCounts): Promise<Figure> {
  const samples = await runChild<CoreTimingResult>(benchDir, home, [], ['timing', String(runs.inProcessWarmup), String(runs.inProcess)]);
  const subject = summarize(samples.subject);
  const baseline = summarize(samples.baseline);
  const value = ratio(subject, baseline);
  return {
    id: 'core-token-in-process',
    title: 'sign + request + parse + decode in process (token service against the sandbox)',
    unit: 'ms',
    subject,
    baseline: { ...baseline, label: 'raw HTTP GET of the same endpoint (node:http, kept alive)' },
    compared: { value, text: ratioText(value) },
    budget: 'median <= 1.3x',
    pass: value <= 1.3,
    notes: [
      `TokenService.getToken('sandbox') in a Node process of its own, the sandbox in the same process as in the app (its work, checking the sign and issuing the JWT, is in both figures); ${runs.inProcessWarmup} warm-up pairs first.`,
    ],
  };
}

const MB = 1024 * 1024;

export async function coreMemoryFigure(benchDir: string, home: string, runs: RunCounts): Promise<Figure> {
  const { first, last } = runs.coreFetches;
  const results: CoreMemoryResult[] = [];
  for (let repeat = 0; repeat < runs.memoryRepeats; repeat += 1) {
    results.push(await runChild<CoreMemoryResult>(benchDir, home, ['--expose-gc'], ['memory', String(first), String(last)]));
  }
  const heapGrowth = results.map((result) => (result.afterLast.heapUsed - result.afterFirst.heapUsed) / MB);
  const rssGrowth = results.map((result) => (result.afterLast.rss - result.afterFirst.rss) / MB);
  const subject = summarize(heapGrowth);
  return {
    id: 'core-heap-growth',
    title: `main-process core: memory after ${last} token fetches vs after ${first}`,
    unit: 'MB',
    subject,
    baseline: null,
    compared: { value: subject.median, text: `${fixed(subject.median, 3)} MB` },
    budget: 'growth < 2 MB',
    pass: subject.median < 2,
    notes: [
      `Each of ${runs.memoryRepeats} runs is a child node --expose-gc running the bridge handler table's getToken on the sandbox profile; heapUsed after global.gc(), the budget applies to the median run. RSS growth (informative, it includes allocator slack): ${rssGrowth.map((value) => `${fixed(value, 2)} MB`).join(', ')}.`,
    ],
    details: { results },
  };
}
