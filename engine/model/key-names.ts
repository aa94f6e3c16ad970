import { closeNames } from '../core/suggest.ts';
import type { Label } from './schema.ts';
import type { DimInfo } from './types.ts';

/**
 * The names a dataset may use for a key of a closed dimension, as published tables write them: the key itself,
 * its zh and en labels, its group (a level-1 class, when the data has no finer split) and the aliases of the
 * classification (林地 → forest, 建设用地 → built_up, town → built_up). Names are compared normalised
 * (full-width forms folded, case, spaces and hyphens ignored): "Coniferous forest" is coniferous_forest.
 */

/** A name as compared: NFKC, trimmed, lower case, runs of spaces, hyphens and underscores as one "_". */
export function normalName(text: string): string {
  return text
    .normalize('NFKC')
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '_');
}

export interface NameTable {
  /** normalised name → data key */
  names: Map<string, string>;
  /** Explicit aliases that name two different things, or a key of another meaning (a classification error). */
  conflicts: string[];
}

/**
 * Build a dimension's names. Precedence: key and group ids, then explicit aliases, then labels; a label that names
 * two things is left out (it stays an unknown name, with suggestions). A group stands for its data key: the class
 * itself, or its one type. An explicit alias that names two things, or an id of another target, is a conflict.
 */
export function nameTable(
  keyLabels: ReadonlyMap<string, Label>,
  groups: ReadonlyMap<string, Label>,
  groupOf: ReadonlyMap<string, string>,
  aliases: Readonly<Record<string, readonly string[]>>,
): NameTable {
  const names = new Map<string, string>();
  const conflicts: string[] = [];
  const keyOf = (t: string): string | undefined =>
    keyLabels.has(t) ? t : groups.has(t) ? [...groupOf].find(([k, g]) => g === t && k !== t)?.[0] : undefined;
  for (const k of keyLabels.keys()) names.set(normalName(k), k);
  for (const g of groups.keys()) {
    const k = keyOf(g);
    if (k !== undefined && !names.has(normalName(g))) names.set(normalName(g), k);
  }
  for (const [target, list] of Object.entries(aliases)) {
    const key = keyOf(target);
    if (key === undefined) {
      conflicts.push(`aliases.${target}: "${target}" is not a key or group with keys`);
      continue;
    }
    for (const a of list) {
      const n = normalName(a);
      const had = names.get(n);
      if (had !== undefined && had !== key) conflicts.push(`alias "${a}" of ${target} already names ${had}`);
      else names.set(n, key);
    }
  }
  const byLabel = new Map<string, Set<string>>();
  const addLabel = (label: string, key: string | undefined) => {
    const n = normalName(label);
    if (key === undefined || names.has(n)) return;
    byLabel.set(n, (byLabel.get(n) ?? new Set()).add(key));
  };
  for (const [k, l] of keyLabels) for (const text of [l.zh, l.en]) addLabel(text, k);
  for (const [g, l] of groups) for (const text of [l.zh, l.en]) addLabel(text, keyOf(g));
  for (const [n, keys] of byLabel) if (keys.size === 1) names.set(n, [...keys][0]!);
  return { names, conflicts };
}

export type KeyName =
  | { ok: true; key: string; written: string /** Why it is that key when the text is not the key itself. */; note?: string }
  | { ok: false; written: string; message: string };

/**
 * The data key a written name stands for, with a note when the text is not the key itself (the loaders list the
 * notes: nothing is mapped silently), or why not: an unknown name, with the closest keys, classes and aliases.
 * `what` names the dimension in messages ("ecosystem type").
 */
export function resolveKey(dim: DimInfo, text: string, what = dim.name): KeyName {
  const written = text.trim();
  const key = dim.names.get(normalName(written));
  if (key === undefined) return { ok: false, written, message: `unknown ${what} "${written}"${keySuggestion(dim, written)}` };
  const isClass = dim.groups.has(key) && dim.groupOf.get(key) === key && !dim.keys.includes(key);
  const label = dim.keyLabels.get(key);
  const cls = isClass ? ` (level-1 class${label ? ` ${label.zh}` : ''}: its coefficients are the class's)` : '';
  if (written === key) return isClass ? { ok: true, key, written, note: `${what} ${key}${cls}` } : { ok: true, key, written };
  return { ok: true, key, written, note: `${what} ${written} → ${key}${cls}` };
}

/** ` (did you mean "town" (built_up), "forest"?)` over every name of the dimension, or "". */
export function keySuggestion(dim: DimInfo, text: string): string {
  const n = normalName(text);
  const shown = new Map<string, string>();
  for (const [name, key] of dim.names) shown.set(name, key);
  const close = closeNames(n, shown.keys());
  if (!close.length) return '';
  return ` (did you mean ${close.map((c) => (shown.get(c) === c ? `"${c}"` : `"${c}" (${shown.get(c)})`)).join(', ')}?)`;
}

export type JoinedKeyName = { ok: true; key: string; notes: string[] } | { ok: false; messages: string[] };

/**
 * A key of several dimensions joined by "|" (coefficients.csv, a given row, a scenario override), one name per
 * dimension (the caller checks the count), each read by resolveKey; an open dimension's part is kept as written.
 * The data key joined again with the notes of the mapped parts, or every unknown part's message.
 */
export function resolveJoinedKey(dims: readonly DimInfo[], key: string): JoinedKeyName {
  const keys: string[] = [];
  const notes: string[] = [];
  const messages: string[] = [];
  for (const [n, part] of key.split('|').entries()) {
    const dim = dims[n]!;
    const r: KeyName = dim.open ? { ok: true, key: part.trim(), written: part } : resolveKey(dim, part, `key of ${dim.name}`);
    if (!r.ok) messages.push(r.message);
    else {
      keys.push(r.key);
      if (r.note) notes.push(r.note);
    }
  }
  return messages.length ? { ok: false, messages } : { ok: true, key: keys.join('|'), notes };
}
