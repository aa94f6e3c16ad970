/**
 * Sizes of ids, names and refusals, as documented constants (issue 12). An id becomes a file name, a URL
 * segment and a Location header, and a refusal echoes what it refuses: without caps a 100,000-character
 * manifest id was stored and sent back in a 100 KB header, and a 404 for a long model name was 200 KB.
 * Beyond a cap: a refusal naming the field (ids, names), or the text clipped saying how long it was (answers).
 * Numbers have their own limits (DECIMAL_LIMITS, engine/core/decimal-text.ts).
 */
export const SIZE_LIMITS = {
  /** a dataset's, region's or scenario's id (letters, digits, - and _) */
  idLength: 64,
  /** a reference to a stored thing: an id with its version or content-hash suffix (model@1.1.0, dataset-<hash>) */
  refLength: 128,
  /** a label or name, in each language */
  labelLength: 300,
  /** an uploaded file's name */
  fileNameLength: 128,
  /** any one string of a problem answer (detail, message, field, path): the rest is cut, with its length said */
  problemTextLength: 500,
  /** errors listed in one problem answer (and in one CLI refusal); `errors_omitted` counts the rest */
  problemErrors: 1000,
} as const;

/** The text whole when it fits in `max` characters, else its start and how long it was. */
export function clipText(text: string, max: number = SIZE_LIMITS.problemTextLength): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} characters)`;
}

/** A zod-style message for a string past its cap. */
export const tooLong = (max: number) => `at most ${max} characters`;
