import type { Dec } from '../engine/core/decimal.ts';
import { assetBy, CAUSES, type Cause, UNALLOCATED } from '../engine/finance/asset.ts';
import type { CompiledModel } from '../engine/model/types.ts';
import type { AssetRun } from '../lib/asset.ts';
import { type EodLabelKey, te } from './eod-labels.ts';
import { esc, section, table, yi } from './html.ts';
import { indicatorLabel, keyLabel, type Lang } from './labels.ts';
import type { ExtraSheet } from './xlsx.ts';
import type { Column } from './xlsx-sheet.ts';

type Sum = { opening: Dec; closing: Dec; changes: Record<Cause, Dec> };
const causeLabel = (c: Cause, lang: Lang) => te(`cause_${c}` as EodLabelKey, lang);
const typeName = (model: CompiledModel, t: string, lang: Lang) => (t === UNALLOCATED ? '*' : keyLabel(model, 'ecosystem_type', t, lang));

/** The asset section: the account (opening, causes, closing), then by service and by ecosystem type, in 10⁸ CNY. */
export function assetSection(r: AssetRun, model: CompiledModel, lang: Lang): string {
  const L = (k: EodLabelKey) => te(k, lang);
  const { spec, asset } = r;
  const head = (first: string) => [
    first,
    `${L('asset_opening')} ${spec.opening}`,
    ...CAUSES.map((c) => causeLabel(c, lang)),
    `${L('asset_closing')} ${spec.closing}`,
  ];
  const cells = (name: string, s: Sum) => [
    name,
    { n: yi(s.opening) },
    ...CAUSES.map((c) => ({ n: yi(s.changes[c]) })),
    { n: yi(s.closing) },
  ];
  const body = [
    `<p><strong>${esc(spec.label[lang])}</strong> — ${esc(spec.region)}; ${L('asset_life')} ${spec.life.years} a; ${L('discount_rate')} ${esc(spec.discount_rate.opening)} → ${esc(spec.discount_rate.closing)}; g ${esc(spec.projection.growth)} (${esc(spec.projection.source)})</p>`,
    `<p class="note">${esc(L('asset_note'))}</p>`,
    `<h3>${esc(L('asset_account'))} (${esc(L('yi_cny'))})</h3>`,
    table(
      [L('item'), L('value')],
      [
        [`${L('asset_opening')} ${spec.opening}`, { n: yi(asset.total.opening) }],
        ...CAUSES.map((c) => [causeLabel(c, lang), { n: yi(asset.total.changes[c]) }]),
        [`${L('asset_closing')} ${spec.closing}`, { n: yi(asset.total.closing) }],
      ],
    ),
    `<h3>${esc(L('asset_by_service'))} (${esc(L('yi_cny'))})</h3>`,
    table(
      head(L('service')),
      assetBy(asset.cells, (c) => c.service).map((s) => cells(indicatorLabel(model, s.key, lang), s)),
    ),
    `<h3>${esc(L('asset_by_type'))} (${esc(L('yi_cny'))})</h3>`,
    table(
      head(L('ecosystem_type')),
      assetBy(asset.cells, (c) => c.type).map((s) => cells(typeName(model, s.key, lang), s)),
    ),
  ];
  return section('asset', L('asset'), body.join(''));
}

/** The asset sheet: every cell of the account exact (CNY, text), service × ecosystem type, then the total. */
export function assetSheet(r: AssetRun, lang: Lang): ExtraSheet {
  const L = (k: EodLabelKey) => te(k, lang);
  const model = r.account.model;
  const line = (a: string, b: string, s: Sum) => [a, b, s.opening, ...CAUSES.map((c) => s.changes[c]), s.closing];
  return {
    name: L('asset_sheet'),
    columns: [
      { head: L('service') },
      { head: L('ecosystem_type') },
      { head: `${L('asset_opening')} ${r.spec.opening}`, kind: 'money' },
      ...CAUSES.map((c): Column => ({ head: causeLabel(c, lang), kind: 'money' })),
      { head: `${L('asset_closing')} ${r.spec.closing}`, kind: 'money' },
    ],
    rows: [
      ...r.asset.cells.map((c) => line(indicatorLabel(model, c.service, lang), typeName(model, c.type, lang), c)),
      line(L('asset'), '', r.asset.total),
    ],
  };
}
