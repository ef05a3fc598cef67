/** Summaries of samples, and the interleaving that lets noise hit subject and baseline alike. */

export interface Summary {
  readonly min: number;
  readonly median: number;
  readonly max: number;
  readonly n: number;
}

export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new Error('no samples to summarize');
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
  return { min: sorted[0] ?? 0, median, max: sorted[sorted.length - 1] ?? 0, n: sorted.length };
}

export interface Paired {
  readonly subject: number[];
  readonly baseline: number[];
}

/**
 * Runs subject and baseline in turn, A B A B …, `warmup` pairs first and unrecorded, so a
 * burst of load from the other processes on the machine lands on both series.
 */
export async function interleaved(
  counts: { readonly warmup: number; readonly runs: number },
  subject: () => Promise<number>,
  baseline: () => Promise<number>,
): Promise<Paired> {
  const result: Paired = { subject: [], baseline: [] };
  for (let index = 0; index < counts.warmup + counts.runs; index += 1) {
    const a = await subject();
    const b = await baseline();
    if (index >= counts.warmup) {
      result.subject.push(a);
      result.baseline.push(b);
    }
  }
  return result;
}

/** Milliseconds since `start` (a performance.now() reading). */
export function since(start: number): number {
  return performance.now() - start;
}
