import { memo } from 'react';
import type { ClaimRow } from '../../../common/jwt-types';
import { MASK } from '../presentation';
import { TimeDetails } from './TimeDetails';

interface ClaimsTableProps {
  readonly label: string;
  readonly rows: readonly ClaimRow[];
  readonly clockSkewMs: number;
  /** Presentation mode: the values (and the times they carry) hidden until revealed. */
  readonly masked?: boolean;
}

/** A number or a list of numbers: kept on one line, whatever the width. */
const NUMBERS = /^[[\]\d\s,.+eE-]+$/;

/** Values are the decoder's exact JSON text: 19-digit IDs are shown digit for digit. */
export const ClaimsTable = memo(function ClaimsTable({ label, rows, clockSkewMs, masked = false }: ClaimsTableProps) {
  return (
    <table className="claims" aria-label={label}>
      <thead>
        <tr>
          <th scope="col" className="col-claim">
            Claim
          </th>
          <th scope="col" className="col-value">
            Value
          </th>
          <th scope="col" className="col-meaning">
            Meaning
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row, index) => (
          // A token may repeat a key; the position keeps such rows apart.
          <tr key={`${index}:${row.name}`}>
            <th scope="row" className="claim-name">
              {row.name}
            </th>
            <td className="claim-value">
              <span className={NUMBERS.test(row.valueText) ? 'mono nowrap' : 'mono'} data-masked={masked}>
                {masked ? MASK : row.valueText}
              </span>
              {!masked && row.epochSeconds !== undefined && (
                <TimeDetails claim={row.name} epochSeconds={row.epochSeconds} clockSkewMs={clockSkewMs} />
              )}
            </td>
            <td className="claim-meaning">{row.meaning ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
});
