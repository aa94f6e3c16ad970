/**
 * Where a command writes: the terminal in `cli/gep.ts`, a buffer in tests. Text is written as given (no
 * newline added), as a stream's write() does.
 */
export interface Io {
  out(s: string): void;
  err(s: string): void;
  /** Binary output for stdout (an XLSX report written to "-"); absent where only text can be taken. */
  outBytes?(b: Uint8Array): void;
  /** The language problems are written in: zh writes each in Chinese with the English beneath (default en). */
  lang?: 'zh' | 'en';
}

/** console.log's shape over an Io: one line of text, newline added. */
export const outLine =
  (io: Io) =>
  (s: string): void =>
    io.out(`${s}\n`);
export const errLine =
  (io: Io) =>
  (s: string): void =>
    io.err(`${s}\n`);
