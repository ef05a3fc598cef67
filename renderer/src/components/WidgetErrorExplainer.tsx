import { useId, useState } from 'react';
import { WIDGET_ERROR_CODES, WIDGET_ERRORS, type WidgetErrorCode } from '../../../common/widget-errors';
import type { WidgetPreflight } from '../../../common/widget-preflight';

interface ExplainerProps {
  readonly preflight: WidgetPreflight;
  /** The app key the token was fetched with. */
  readonly appKey: string;
  /** Why the token cannot be read, when it cannot. */
  readonly tokenProblem: string | null;
}

/** What this token and this profile say about a code: the check that covers it, or the fact to compare. */
function currentFacts(code: WidgetErrorCode, { preflight, appKey, tokenProblem }: ExplainerProps): string {
  const check = preflight.checks.find((c) => c.prevents === code);
  if (check !== undefined) {
    const values = check.disagreement === undefined ? '' : ` ${check.disagreement.token.source}: ${check.disagreement.token.value}; ${check.disagreement.expected.source}: ${check.disagreement.expected.value}.`;
    return `${check.title}: ${check.state}. ${check.detail}${values}`;
  }
  switch (code) {
    case '36017006':
      return tokenProblem === null ? 'This token decodes as a JWT (header, claims, signature): compare what your getToken() resolves with Copy for widget-kit.' : tokenProblem;
    case '36017010':
      return `Compare the page's origin with the widget domains allowed for app key ${appKey} in Partner Center.`;
    default:
      return `This token and profile use app key ${appKey}.`;
  }
}

/** A widget SDK error code the developer saw, explained with what this token and profile say about it. */
export function WidgetErrorExplainer(props: ExplainerProps) {
  const [code, setCode] = useState<WidgetErrorCode>('36017008');
  const selectId = useId();
  const entry = WIDGET_ERRORS[code];
  return (
    <details className="widget-explainer">
      <summary>The widget shows an error code?</summary>
      <div className="field">
        <label className="field-label" htmlFor={selectId}>
          Widget error code
        </label>
        <select id={selectId} className="select" value={code} onChange={(event) => setCode(WIDGET_ERROR_CODES.find((c) => c === event.target.value) ?? code)}>
          {WIDGET_ERROR_CODES.map((c) => (
            <option key={c} value={c}>
              {c} {WIDGET_ERRORS[c].title}
            </option>
          ))}
        </select>
      </div>
      <div className="widget-explainer-text">
        <p>{entry.explanation}</p>
        <p>
          <strong>What to do:</strong> {entry.resolution}
        </p>
        <p>
          <strong>What to check:</strong> {entry.check}
        </p>
        <p>
          <strong>This token and profile:</strong> {currentFacts(code, props)}
        </p>
      </div>
    </details>
  );
}
