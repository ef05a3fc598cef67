import { formatLocal, formatUtc } from '../../../common/time-format';
import { RelativeTime } from './RelativeTime';

/** Time claims that are an expiry: once past they read "expired … ago". */
const EXPIRY_CLAIMS: ReadonlySet<string> = new Set(['exp', 'Expire']);

/** "2023-11-27 14:20:20 UTC+8 (Asia/Shanghai)": the time on one line; the zone's name may go to the next. */
function DateText({ text }: { readonly text: string }) {
  const zoneAt = text.indexOf(' (');
  if (zoneAt === -1) return <span className="nowrap">{text}</span>;
  return (
    <>
      <span className="nowrap">{text.slice(0, zoneAt)}</span> <span className="nowrap">{text.slice(zoneAt + 1)}</span>
    </>
  );
}

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
        <dd>
          <DateText text={formatLocal(ms)} />
        </dd>
      </div>
      <div>
        <dt>UTC</dt>
        <dd className="nowrap">{formatUtc(ms)}</dd>
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
