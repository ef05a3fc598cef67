/** A run of help text: plain, or a command or name to show as code. */
export interface TextPart {
  readonly text: string;
  readonly code: boolean;
}

/**
 * The app's own explanations and remedies mark commands with backticks, which read well in
 * a terminal (the CLI prints the same text). The window shows those spans as code instead
 * of showing the backticks. Text with an unpaired backtick is left exactly as written.
 */
export function splitInlineCode(text: string): readonly TextPart[] {
  const pieces = text.split('`');
  if (pieces.length % 2 === 0) return [{ text, code: false }];
  return pieces.map((piece, index) => ({ text: piece, code: index % 2 === 1 })).filter((part) => part.text !== '');
}
