import { formatRelative } from '../../../common/time-format';
import { useSecondsLeft } from '../use-seconds-left';

interface RelativeTimeProps {
  readonly targetMs: number;
  /** 'expiry' reads "expired 30s ago" once past; 'plain' reads "30s ago". */
  readonly style: 'plain' | 'expiry';
}

/** "in 4m 12s", kept current by its own tick so nothing around it re-renders. */
export function RelativeTime({ targetMs, style }: RelativeTimeProps) {
  const left = useSecondsLeft(targetMs, false);
  return <span className="relative-time">{formatRelative(targetMs, targetMs - left * 1000, style)}</span>;
}
