import { useId } from 'react';
import type { JwtDecodeResult } from '../../../common/jwt-types';
import { WIDGET_ERRORS } from '../../../common/widget-errors';
import { widgetPreflight, type WidgetCheck, type WidgetCheckState } from '../../../common/widget-preflight';
import type { TokenResult } from '../../../preload/contract';
import { localExpiryMs } from '../expiry';
import { useApp } from '../store';
import { useSecondsLeft } from '../use-seconds-left';
import { WidgetErrorExplainer } from './WidgetErrorExplainer';

const STATE_WORDS: Readonly<Record<WidgetCheckState, string>> = {
  passed: 'Passed',
  failed: 'Failed',
  'not checked': 'Not checked',
};

/** A mark beside the words, never instead of them. */
const STATE_MARK: Readonly<Record<WidgetCheckState, string>> = {
  passed: '✓',
  failed: '✗',
  'not checked': '–',
};

function CheckItem({ check }: { readonly check: WidgetCheck }) {
  const error = WIDGET_ERRORS[check.prevents];
  return (
    <li className="widget-check" data-state={check.state}>
      <div className="widget-check-head">
        <span className="widget-check-state">
          <span aria-hidden="true">{STATE_MARK[check.state]} </span>
          {STATE_WORDS[check.state]}
        </span>
        <span className="widget-check-title">{check.title}</span>
      </div>
      <p className="widget-check-detail">{check.detail}</p>
      {check.disagreement !== undefined && (
        <dl className="widget-check-values">
          <div>
            <dt>{check.disagreement.token.source}</dt>
            <dd className="mono">{check.disagreement.token.value}</dd>
          </div>
          <div>
            <dt>{check.disagreement.expected.source}</dt>
            <dd className="mono">{check.disagreement.expected.value}</dd>
          </div>
        </dl>
      )}
      <details className="widget-check-error">
        <summary>
          Prevents widget error <span className="mono">{error.code}</span> {error.title}
        </summary>
        <p>{error.explanation}</p>
        <p>
          <strong>What to do:</strong> {error.resolution}
        </p>
        <p>
          <strong>What to check:</strong> {error.check}
        </p>
      </details>
    </li>
  );
}

interface WidgetChecksProps {
  readonly token: TokenResult;
  readonly decoded: JwtDecodeResult;
}

/**
 * The widget preflight beside the token: what `@tiktokshop/widget-kit` will refuse, said
 * before the widget is tried. The expiry check follows the countdown, so the list ticks
 * with it (only this list re-renders).
 */
export function WidgetChecks({ token, decoded }: WidgetChecksProps) {
  const profile = useApp((s) => s.profiles?.profiles.find((p) => p.name === token.profile));
  const titleId = useId();
  const expiry = localExpiryMs(token);
  const secondsLeft = useSecondsLeft(expiry ?? token.receivedAtMs, true);
  // Now on the issuer's clock, to the second: the countdown's own figure, so both agree.
  const nowMs = token.effectiveExpiryMs === null ? token.receivedAtMs + token.clockSkewMs : token.effectiveExpiryMs - secondsLeft * 1000;
  const preflight = widgetPreflight({ decoded, appKey: token.appKey, shopId: profile?.shopId, shopRegion: profile?.shopRegion, expireAt: token.expireAt, nowMs });
  return (
    <section className="widget-checks" aria-labelledby={titleId}>
      <h3 className="section-title" id={titleId}>
        Widget checks
      </h3>
      <ul className="widget-check-list" aria-label="Widget checks">
        {preflight.checks.map((check) => (
          <CheckItem key={check.id} check={check} />
        ))}
      </ul>
      <WidgetErrorExplainer preflight={preflight} appKey={token.appKey} tokenProblem={decoded.ok ? null : decoded.problem} />
    </section>
  );
}
