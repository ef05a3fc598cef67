import { formatLocal, formatUtc } from '../../../common/time-format';
import { RelativeTime } from './RelativeTime';

/** Time claims that are an expiry: once past they read "expired … ago". */
const EXPIRY_CLAIMS: ReadonlySet<string> = new Set(['exp', 'Expire']);

interface TimeDetailsProps {
  readonly claim: string;
  readonly epochSeconds: number;
  /** Server minus local clock: relative times then agree with the countdown on a skewed machine. */
  readonly clockSkewMs: number;
}

export function TimeDetails({ claim, epochSeconds, clockSkewMs }: TimeDetailsProps) {
  const ms = epochSeconds * 1000;
  return (
    <dl className="time-details">
      <div>
        <dt>Local</dt>
        <dd>{formatLocal(ms)}</dd>
      </div>
      <div>
        <dt>UTC</dt>
        <dd>{formatUtc(ms)}</dd>
      </div>
      <div>
        <dt>Relative</dt>
        <dd>
          <RelativeTime targetMs={ms - clockSkewMs} style={EXPIRY_CLAIMS.has(claim) ? 'expiry' : 'plain'} />
        </dd>
      </div>
    </dl>
  );
}
