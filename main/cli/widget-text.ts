/**
 * The widget preflight and the widget SDK's error explanations as terminal text. Values in
 * a check come from a token (claims) or from a profile: they are shown as data, control
 * and direction-changing characters escaped and long values cut, so no token can move the
 * cursor or hide a line.
 */
import type { WidgetErrorExplanation } from '../../common/widget-errors';
import { WIDGET_ERRORS } from '../../common/widget-errors';
import type { WidgetCheck, WidgetCheckState, WidgetPreflight } from '../../common/widget-preflight';
import { terminalText } from './terminal-text';

const MAX_VALUE = 300;

/** `text` safe to print on a terminal line. */
const printable = (text: string): string => terminalText(text, MAX_VALUE);

const STATE_LABEL: Readonly<Record<WidgetCheckState, string>> = {
  passed: 'passed',
  failed: 'FAILED',
  'not checked': 'not checked',
};

function checkLines(check: WidgetCheck): string[] {
  const error = WIDGET_ERRORS[check.prevents];
  const lines = [`${STATE_LABEL[check.state].padEnd(11)}  ${check.title}  (prevents ${error.code} ${error.title})`, `             ${printable(check.detail)}`];
  if (check.disagreement !== undefined) {
    const { token, expected } = check.disagreement;
    lines.push(`             ${printable(token.source)}: ${printable(token.value)}`, `             ${printable(expected.source)}: ${printable(expected.value)}`);
    lines.push(`             What to do: ${error.resolution}`);
  }
  return lines;
}

export function preflightText(profile: string, preflight: WidgetPreflight): string {
  const failed = preflight.checks.filter((c) => c.state === 'failed').length;
  const summary = failed === 0 ? 'No check failed.' : `${failed} check${failed === 1 ? '' : 's'} failed: the widget will not load with this token and profile.`;
  return [`Widget checks for profile "${printable(profile)}":`, ...preflight.checks.flatMap(checkLines), summary, ''].join('\n');
}

export function preflightJson(profile: string, preflight: WidgetPreflight): string {
  const checks = preflight.checks.map((check) => ({
    id: check.id,
    title: check.title,
    state: check.state,
    prevents: check.prevents,
    detail: check.detail,
    ...(check.disagreement === undefined ? {} : { token: check.disagreement.token, expected: check.disagreement.expected }),
  }));
  return `${JSON.stringify({ profile, failed: preflight.failed, checks }, null, 2)}\n`;
}

export function explanationText(entry: WidgetErrorExplanation): string {
  return [`${entry.code} ${entry.title}`, '', entry.explanation, '', `What to do: ${entry.resolution}`, '', `What to check: ${entry.check}`, ''].join('\n');
}
