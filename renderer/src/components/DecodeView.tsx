import { useEffect, useId, useMemo, useState } from 'react';
import { cleanToken, decodeJwt } from '../../../common/jwt';
import type { ClaimRow, DecodedJwt } from '../../../common/jwt-types';
import { getMember } from '../../../common/lossless-json';
import type { SandboxSignatureVerdict } from '../../../preload/contract';
import { bridge, settle } from '../bridge';
import { hsAlgorithm, verifyHsSignature, type HsAlgorithm } from '../hs-signature';
import { TimeDetails } from './TimeDetails';

/** Each part's name, said in words beside its colour. */
const PARTS = [
  { key: 'header', label: 'Header', ordinal: 'part 1' },
  { key: 'payload', label: 'Payload (claims)', ordinal: 'part 2' },
  { key: 'signature', label: 'Signature', ordinal: 'part 3' },
] as const;

function algOf(decoded: DecodedJwt): string | undefined {
  const alg = getMember(decoded.header, 'alg');
  return alg?.type === 'string' ? alg.value : undefined;
}

/**
 * Header or claims in two columns, the meaning under the name's value: the value gets the
 * width, so a 19-digit ID stays on one line down to a 360 px window.
 */
function PartTable({ label, rows }: { readonly label: string; readonly rows: readonly ClaimRow[] }) {
  return (
    <table className="claims decoded-table" aria-label={label}>
      <thead>
        <tr>
          <th scope="col" className="col-claim">
            Claim
          </th>
          <th scope="col">Value and meaning</th>
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
              <span className="mono decoded-value">{row.valueText}</span>
              {row.meaning !== undefined && <span className="claim-meaning decoded-meaning">{row.meaning}</span>}
              {row.epochSeconds !== undefined && <TimeDetails claim={row.name} epochSeconds={row.epochSeconds} clockSkewMs={0} />}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** An answer that belongs to one input: kept apart so a late answer never shows for newer input. */
interface Answer<T> {
  readonly for: string;
  readonly value: T;
}

/** The sandbox's verdict on a token, asked of main, which alone holds the sandbox's key. */
function useSandboxVerdict(token: string | null): SandboxSignatureVerdict | null {
  const [answer, setAnswer] = useState<Answer<SandboxSignatureVerdict> | null>(null);
  useEffect(() => {
    if (token === null) return;
    let current = true;
    void settle(bridge(), (api) => api.checkSandboxSignature({ token })).then((result) => {
      if (current && result.ok) setAnswer({ for: token, value: result.value.verdict });
    });
    return () => {
      current = false;
    };
  }, [token]);
  return answer !== null && answer.for === token ? answer.value : null;
}

interface KeyCheck {
  readonly alg: HsAlgorithm;
  readonly signingInput: string;
  readonly signature: string;
  readonly key: string;
}

/** Whether the typed key made the signature, checked in this page with WebCrypto. */
function useKeyCheck(check: KeyCheck | null): boolean | null {
  const [answer, setAnswer] = useState<{ readonly for: KeyCheck; readonly valid: boolean } | null>(null);
  useEffect(() => {
    if (check === null) return;
    let current = true;
    void verifyHsSignature(check.alg, check.signingInput, check.signature, check.key).then(
      (valid) => current && setAnswer({ for: check, valid }),
      () => current && setAnswer({ for: check, valid: false }),
    );
    return () => {
      current = false;
    };
  }, [check]);
  return answer !== null && answer.for === check ? answer.valid : null;
}

function SignatureSection({ decoded, parts }: { readonly decoded: DecodedJwt; readonly parts: readonly string[] }) {
  // The key lives here, in this component's memory only: never sent, never stored.
  const [key, setKey] = useState('');
  const keyId = useId();
  const resultId = useId();
  const alg = algOf(decoded);
  const hs = hsAlgorithm(alg);
  const cleaned = parts.join('.');
  const sandbox = useSandboxVerdict(cleaned);
  const check = useMemo<KeyCheck | null>(
    () => (hs === null || key === '' ? null : { alg: hs, signingInput: `${parts[0] ?? ''}.${parts[1] ?? ''}`, signature: decoded.signature, key }),
    [hs, key, parts, decoded.signature],
  );
  const valid = useKeyCheck(check);

  return (
    <div className="decode-signature" role="group" aria-label="Signature check">
      <h3 className="section-title">Signature</h3>
      <p className="fine-print">
        Algorithm <span className="mono">{alg ?? '(none named)'}</span>
        {decoded.headerRows.find((row) => row.name === 'alg')?.meaning?.replace(/^Signing algorithm: /, ': ') ?? ''}
      </p>
      {sandbox === 'valid' && <p className="note decode-verdict" data-verdict="valid">Offline sandbox token (checked automatically): Signature valid</p>}
      {sandbox === 'invalid' && (
        <p className="note note-warning decode-verdict" data-verdict="invalid">
          Its ClientKey is the offline sandbox&apos;s, but the sandbox did not sign it: Signature does not match
        </p>
      )}
      {hs === null ? (
        <p className="fine-print">The signature can be checked here for HS256, HS384 and HS512 tokens; this one is {alg ?? 'unsigned'}.</p>
      ) : (
        // A form of its own, which is never submitted: browsers expect a password field inside one.
        <form className="field" onSubmit={(event) => event.preventDefault()}>
          <label className="field-label" htmlFor={keyId}>
            Signing key
          </label>
          <input
            id={keyId}
            className="input mono"
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={key}
            aria-describedby={resultId}
            onChange={(event) => setKey(event.target.value)}
          />
          <p id={resultId} role="status" className="decode-key-result" data-verdict={valid === null ? 'none' : valid ? 'valid' : 'invalid'}>
            {key === '' ? `Type the ${hs} key to check the signature; it stays in this window and is never stored.` : valid === null ? 'Checking…' : valid ? 'Signature valid' : 'Signature does not match'}
          </p>
        </form>
      )}
    </div>
  );
}

/**
 * Any JWT, pasted: the same lossless decoder as `widget-token decode` (common/jwt.ts),
 * header and claims with their meanings and times, the signature checked with a key the
 * user types. Loaded only when the Decode button is first pressed.
 */
export default function DecodeView() {
  const [input, setInput] = useState('');
  const inputId = useId();
  const problemId = useId();
  const decoded = useMemo(() => (input.trim() === '' ? null : decodeJwt(input)), [input]);
  const parts = useMemo(() => (decoded?.ok === true ? cleanToken(input).split('.') : null), [decoded, input]);
  const invalid = decoded !== null && !decoded.ok;

  return (
    <section className="card decode-view" aria-label="Decode a JWT">
      <h2 className="card-title">Decode a JWT</h2>
      <p className="fine-print">
        Decoded in this window with the same lossless decoder as <code>widget-token decode</code>: every digit of a 19-digit ID kept. Line breaks, a <code>Bearer</code> prefix and
        quotes around it are removed.
      </p>
      <div className="field">
        <label className="field-label" htmlFor={inputId}>
          JWT to decode
        </label>
        <textarea
          id={inputId}
          className="input mono decode-input"
          rows={4}
          spellCheck={false}
          autoComplete="off"
          value={input}
          aria-invalid={invalid ? 'true' : undefined}
          aria-describedby={invalid ? problemId : undefined}
          onChange={(event) => setInput(event.target.value)}
        />
        {decoded !== null && !decoded.ok && (
          <p id={problemId} className="note note-warning">
            {decoded.problem}
          </p>
        )}
      </div>
      {decoded?.ok === true && parts !== null && (
        <>
          <ol className="jwt-parts" aria-label="The three parts">
            {PARTS.map((part, index) => (
              <li key={part.key} className="jwt-part" data-part={part.key}>
                <span className="jwt-part-label">
                  {part.label} <span className="fine-print">({part.ordinal})</span>
                </span>
                <span className="mono jwt-part-text">{parts[index] === '' ? '(empty)' : parts[index]}</span>
              </li>
            ))}
          </ol>
          <h3 className="section-title jwt-part-title" data-part="header">
            Header
          </h3>
          <PartTable label="Decoded header" rows={decoded.headerRows} />
          <h3 className="section-title jwt-part-title" data-part="payload">
            Payload (claims)
          </h3>
          <PartTable label="Decoded claims" rows={decoded.claimRows} />
          <SignatureSection decoded={decoded} parts={parts} />
        </>
      )}
    </section>
  );
}
