import type { FieldError, Problem } from '../api/problem.ts';
import { esc } from './html.ts';
import { type Lang, sayer } from './i18n.ts';
import { CORE_LABELS } from './labels/core.ts';
import { DATA_LABELS } from './labels/data.ts';
import { zhMessage } from './problem-zh.ts';

/**
 * A problem as the workbench shows it: its summary, then every error it lists in a table with the file, row
 * and column it names (an upload's problems are all shown at once, as the API reports them).
 *
 * In zh each message is Chinese (a full sentence where web/problem-zh.ts can rebuild one, else the code's meaning),
 * with the English message beneath it, smaller and marked lang="en": it names the values, units and keys, and it is
 * what a log or a colleague on the en pages reads.
 */
export function problemBox(p: Problem, lang: Lang): string {
  const L = sayer(CORE_LABELS, lang);
  const rows = p.errors
    .map(
      (e) =>
        `<tr><td>${esc(e.file ?? e.field)}</td><td class="n">${e.row ?? ''}</td><td>${esc(e.cell ?? e.column ?? '')}</td><td>${problemMessage(e, lang)}</td></tr>`,
    )
    .join('');
  const table = rows
    ? `<table class="problems"><thead><tr><th scope="col">${esc(L('problem_file'))}</th><th scope="col">${esc(L('problem_row'))}</th><th scope="col">${esc(L('problem_column'))}</th><th scope="col">${esc(L('problem_message'))}</th></tr></thead><tbody>${rows}</tbody></table>`
    : '';
  // a missing or refused key: say where to enter one (the header's key box), in the page's language, and only that
  if (p.code === 'api_key_missing' || p.code === 'api_key_invalid')
    return `<div class="problem" role="alert" data-code="${esc(p.code)}" data-errors="${p.errors.length}"><p class="key-needed">${esc(DATA_LABELS[p.code === 'api_key_missing' ? 'key_needed' : 'key_invalid'][lang])}</p></div>`;
  // the detail is the API's English sentence; in zh, over a table that lists every problem, the count says it, and
  // with no table the code's meaning, the detail beneath it
  const summary =
    lang === 'en'
      ? `: ${esc(p.detail)}</p>`
      : p.errors.length
        ? `：${esc(L('problems_count', { n: p.errors.length }))}</p>`
        : `：${zhMessage({ code: p.code, message: p.detail }).html}</p><p class="msg-en" lang="en">${esc(p.detail)}</p>`;
  return `<div class="problem" role="alert" data-code="${esc(p.code)}" data-errors="${p.errors.length}"><p><strong>${esc(L('problems'))}</strong>${summary}${table}</div>`;
}

/** One problem's message: in en the API's sentence; in zh the Chinese one over the English (see problemBox). */
export function problemMessage(e: Pick<FieldError, 'code' | 'message'>, lang: Lang): string {
  if (lang === 'en') return esc(e.message);
  const zh = zhMessage(e);
  return `<span class="msg-zh" data-zh="${zh.kind}">${zh.html}</span><span class="msg-en" lang="en">${esc(e.message)}</span>`;
}
