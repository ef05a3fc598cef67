/** `widget-token decode` and `get --profile sandbox` as whole processes, against `node -e 0`. */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { benchEnv } from './child-env';
import type { Figure } from './figures';
import { ratio, ratioText } from './figures';
import type { RunCounts } from './options';
import { interleaved, since, summarize, type Paired } from './stats';

/** Wall time from spawn to exit; a failed run stops the bench, since its time would mean nothing. */
function timedProcess(args: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const elapsed = since(start);
      if (code === 0) resolve(elapsed);
      else reject(new Error(`node ${args.join(' ')} exited with ${code}: ${stderr}`));
    });
  });
}

function figure(id: string, title: string, samples: Paired, limit: number): Figure {
  const subject = summarize(samples.subject);
  const baseline = summarize(samples.baseline);
  const value = ratio(subject, baseline);
  return {
    id,
    title,
    unit: 'ms',
    subject,
    baseline: { ...baseline, label: '`node -e 0`' },
    compared: { value, text: ratioText(value) },
    budget: `<= ${limit}x`,
    pass: value <= limit,
    notes: ['Wall time from spawn to exit, measured by the parent, the same way for both.'],
  };
}

export async function cliFigures(appDir: string, home: string, token: string, runs: RunCounts): Promise<Figure[]> {
  const cli = path.join(appDir, 'main', 'cli.js');
  const env = benchEnv(home);
  const nodeZero = () => timedProcess(['-e', '0'], env);
  const counts = { warmup: Math.min(runs.warmup, 2), runs: runs.cli };
  // The token rides in argv: it is a sandbox token, public and short-lived, not a secret.
  const decode = await interleaved(counts, () => timedProcess([cli, 'decode', token], env), nodeZero);
  const get = await interleaved(counts, () => timedProcess([cli, 'get', '--profile', 'sandbox'], env), nodeZero);
  return [
    figure('cli-decode', 'CLI `decode TOKEN`, whole process', decode, 2.5),
    figure('cli-get-sandbox', 'CLI `get --profile sandbox`, whole process', get, 4),
  ];
}
