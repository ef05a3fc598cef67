import { memo, useId, useState } from 'react';
import type { JwtDecodeResult } from '../../../common/jwt-types';
import { stringifyJsonNode } from '../../../common/lossless-json';
import { ClaimsTable } from './ClaimsTable';

interface ClaimsPanelProps {
  readonly decoded: JwtDecodeResult;
  readonly clockSkewMs: number;
  /** A token of the offline sandbox, which signs with a key of its own. */
  readonly sandbox: boolean;
  /** Presentation mode: values hidden until revealed. */
  readonly masked?: boolean;
}

export const ClaimsPanel = memo(function ClaimsPanel({ decoded, clockSkewMs, sandbox, masked = false }: ClaimsPanelProps) {
  const [showRaw, setShowRaw] = useState(false);
  const rawId = useId();

  if (!decoded.ok) {
    return (
      <div className="claims-panel">
        <h3 className="section-title">Claims</h3>
        <p className="note note-warning">This token could not be decoded: {decoded.problem}</p>
      </div>
    );
  }

  return (
    <div className="claims-panel">
      <div className="section-head">
        <h3 className="section-title">Claims</h3>
        <button
          type="button"
          className="button button-quiet disclosure"
          aria-expanded={showRaw}
          aria-controls={rawId}
          onClick={() => setShowRaw((shown) => !shown)}
        >
          Show raw JSON
        </button>
      </div>
      <div id={rawId} className="raw-json" hidden={!showRaw}>
        {showRaw && masked && <p className="fine-print">Masked in presentation mode.</p>}
        {showRaw && !masked && (
          <>
            <div>
              <h4 className="raw-title">Header</h4>
              <pre className="mono" aria-label="Raw header JSON">
                {stringifyJsonNode(decoded.header, 2)}
              </pre>
            </div>
            <div>
              <h4 className="raw-title">Payload</h4>
              <pre className="mono" aria-label="Raw payload JSON">
                {stringifyJsonNode(decoded.payload, 2)}
              </pre>
            </div>
          </>
        )}
      </div>
      <ClaimsTable label="Claims" rows={decoded.claimRows} clockSkewMs={clockSkewMs} masked={masked} />
      <h3 className="section-title">JWT header</h3>
      <ClaimsTable label="JWT header" rows={decoded.headerRows} clockSkewMs={clockSkewMs} masked={masked} />
      <p className="fine-print">
        {sandbox ? 'Signature not verified: the offline sandbox signs with a key of its own.' : 'Signature not verified: only TikTok holds the key.'}
      </p>
    </div>
  );
});
