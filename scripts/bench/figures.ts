/** One line of the report: a figure, the baseline measured beside it, and its budget. */
import type { Summary } from './stats';

export type Unit = 'ms' | 'KB' | 'MB';

export interface Figure {
  readonly id: string;
  readonly title: string;
  readonly unit: Unit;
  readonly subject: Summary;
  readonly baseline: (Summary & { readonly label: string }) | null;
  /** What the budget compares, as a number and as text: "1.12x", "+8.3 ms", "79.4 KB". */
  readonly compared: { readonly value: number; readonly text: string };
  readonly budget: string;
  readonly pass: boolean;
  /** Why the figure is measured the way it is, and anything worth knowing about this run. */
  readonly notes: readonly string[];
  readonly details?: Readonly<Record<string, unknown>>;
}

export function fixed(value: number, digits = 1): string {
  return value.toFixed(digits);
}

/** The subject's median over the baseline's. */
export function ratio(subject: Summary, baseline: Summary): number {
  return subject.median / baseline.median;
}

export function ratioText(value: number): string {
  return `${fixed(value, 2)}x`;
}

export function plusText(value: number, unit: Unit): string {
  return `${value >= 0 ? '+' : ''}${fixed(value)} ${unit}`;
}
