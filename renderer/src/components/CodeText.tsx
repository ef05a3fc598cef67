import { splitInlineCode } from '../inline-code';

/** Help text with its backticked commands shown as code. */
export function CodeText({ text }: { readonly text: string }) {
  return (
    <>
      {splitInlineCode(text).map((part, index) =>
        // The parts never reorder, so their position is a stable key.
        part.code ? <code key={index}>{part.text}</code> : <span key={index}>{part.text}</span>,
      )}
    </>
  );
}
