import { closeSync, openSync, readSync, writeSync } from 'node:fs';

// The pieces of a file written as an account's chunks finish (reports/account-stream.ts): each section is its own
// temporary file, appended to element by element, and the files are joined in order once every chunk is done.
// Pieces are written with the indentation JSON.stringify(doc, null, n) gives them in the whole document, so the
// joined file is byte for byte the one written from memory (test/account-stream.test.ts).

/** A temporary file appended to as chunks finish. */
export class Section {
  private fd: number;
  /** How many elements were pushed (JSON sections). */
  count = 0;
  /** Whether anything was written. */
  written = false;
  constructor(readonly path: string) {
    this.fd = openSync(path, 'w');
  }
  write(s: string): void {
    if (!s.length) return;
    writeSync(this.fd, s);
    this.written = true;
  }
  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }
}

/**
 * An array of a JSON document written with JSON.stringify(doc, null, indent), its elements `depth` levels deep
 * (result.json's `accounts` is at depth 2 with indent 2: each element is indented by four spaces).
 */
export class JsonArraySection extends Section {
  constructor(
    path: string,
    private readonly indent: number,
    private readonly depth: number,
  ) {
    super(path);
  }
  push(value: unknown): void {
    const pad = ' '.repeat(this.indent * this.depth);
    // JSON text holds no raw line break but those of its layout (a string's are escaped): indenting them is safe
    this.write(`${this.count ? ',\n' : ''}${pad}${JSON.stringify(value, null, this.indent).replaceAll('\n', `\n${pad}`)}`);
    this.count++;
  }
}

/** An object of a JSON document written with JSON.stringify(doc, null, indent), its entries `depth` levels deep. */
export class JsonObjectSection extends Section {
  constructor(
    path: string,
    private readonly indent: number,
    private readonly depth: number,
  ) {
    super(path);
  }
  /** One entry; keys must be new and not integer-like (JSON.stringify would list those first). */
  set(key: string, value: unknown): void {
    const pad = ' '.repeat(this.indent * this.depth);
    this.write(
      `${this.count ? ',\n' : ''}${pad}${JSON.stringify(key)}: ${JSON.stringify(value, null, this.indent).replaceAll('\n', `\n${pad}`)}`,
    );
    this.count++;
  }
}

/** What goes into a joined file, in order: text, or a section's file wrapped as its JSON array or object. */
export type SectionPiece = { section: Section; open: string; close: string; empty: string };
export type Piece = string | SectionPiece;

/** A JSON array or object section as it sits in its document (`[]` or `{}` when empty). */
export function wrapped(section: JsonArraySection | JsonObjectSection, indent: number, depth: number): SectionPiece {
  const pad = ' '.repeat(indent * (depth - 1));
  const [open, close] = section instanceof JsonArraySection ? ['[', ']'] : ['{', '}'];
  return { section, open: `${open}\n`, close: `\n${pad}${close}`, empty: `${open}${close}` };
}

/** A value of a JSON document at `depth`, as JSON.stringify(doc, null, indent) lays it out. */
export function jsonAt(value: unknown, indent: number, depth: number): string {
  return JSON.stringify(value, null, indent).replaceAll('\n', `\n${' '.repeat(indent * depth)}`);
}

/** Write the pieces to `path` in order, copying the sections' files in 1 MiB blocks. */
export function joinPieces(path: string, pieces: Piece[]): void {
  const fd = openSync(path, 'w');
  const buf = Buffer.allocUnsafe(1 << 20);
  try {
    for (const p of pieces) {
      if (typeof p === 'string') {
        if (p.length) writeSync(fd, p);
        continue;
      }
      p.section.close();
      if (!p.section.written) {
        writeSync(fd, p.empty);
        continue;
      }
      writeSync(fd, p.open);
      const src = openSync(p.section.path, 'r');
      try {
        for (let n = readSync(src, buf, 0, buf.length, null); n > 0; n = readSync(src, buf, 0, buf.length, null)) writeSync(fd, buf, 0, n);
      } finally {
        closeSync(src);
      }
      writeSync(fd, p.close);
    }
  } finally {
    closeSync(fd);
  }
}

/** A text section joined as it is (CSV rows, markdown lines). */
export const plain = (section: Section): SectionPiece => ({ section, open: '', close: '', empty: '' });
