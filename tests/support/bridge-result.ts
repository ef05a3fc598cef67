import type { BridgeResult } from '../../preload/contract';

/** The value of a result the test expects to succeed; otherwise a failure that shows the error. */
export function value<T>(result: BridgeResult<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`);
  return result.value;
}
