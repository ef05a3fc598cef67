/** The run as a table on stdout and as JSON on disk. */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Figure } from './figures';
import { fixed } from './figures';
import type { Summary } from './stats';

export interface RunInfo {
  readonly date: string;
  readonly command: string;
  readonly mode: 'full' | 'smoke';
  readonly commit: string;
  readonly node: string;
  readonly chromium: string;
  readonly cpus: number;
  readonly loadAverage: { readonly start: readonly number[]; readonly end: readonly number[] };
}

export interface BenchReport extends RunInfo {
  readonly passed: boolean;
  /** Ids of the figures over budget (a smoke run enforces none, but still lists them). */
  readonly misses: readonly string[];
  readonly figures: readonly Figure[];
}

/** Enough digits to tell the figures apart: sub-10 ms round trips need two decimals. */
function digitsFor(unit: Figure['unit'], summary: Summary): number {
  if (unit === 'MB') return 3;
  return unit === 'ms' && summary.median < 10 ? 2 : 1;
}

function triple(summary: Summary, unit: Figure['unit']): string {
  const digits = digitsFor(unit, summary);
  if (summary.n === 1) return `${fixed(summary.median, digits)} ${unit}`;
  return `${fixed(summary.min, digits)} / **${fixed(summary.median, digits)}** / ${fixed(summary.max, digits)} ${unit}`;
}

/** A Markdown table, so the same text reads in a terminal and pastes into the README. */
export function table(figures: readonly Figure[], enforced: boolean): string {
  const rows = figures.map((figure) => [
    figure.title,
    `${triple(figure.subject, figure.unit)} (n=${figure.subject.n})`,
    figure.baseline === null ? '—' : `${figure.baseline.label}: ${triple(figure.baseline, figure.unit)}`,
    figure.compared.text,
    figure.budget,
    figure.pass ? 'ok' : enforced ? '**MISS**' : 'over (not enforced)',
  ]);
  const header = ['figure', 'min / median / max', 'baseline in the same run, min / median / max', 'compared', 'budget', 'result'];
  return [header, header.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

export async function writeReport(file: string, report: BenchReport): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
}
