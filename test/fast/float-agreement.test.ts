import { describe, expect, it } from 'vitest';
import type { Dec } from '../../engine/core/decimal.ts';
import type { AccountingData } from '../../engine/eval/data.ts';
import { evaluateRegionYear, type RegionYearResult } from '../../engine/eval/evaluate.ts';
import { accountFloat, type FloatRegionYear } from '../../engine/fast/account-float.ts';
import type { CoefInfo, CompiledModel } from '../../engine/model/types.ts';
import { withParamValue } from '../../engine/uncertainty/params.ts';
import { dec } from '../../engine/core/decimal.ts';
import { withMethod } from '../../engine/model/with-method.ts';
import { syntheticData } from '../../datasets/generate.ts';
import { DEFAULT_DATASET, loadDataset } from '../../datasets/load.ts';
import { loadModel } from '../../models/load.ts';
import { loadAccount } from '../replication/published.ts';

/**
 * Issue 13 item 1: the float64 path (engine/fast) and the exact path agree to 1e-9 relative on every service
 * (physical, money at current and constant prices), every category and the total, and agree on which values exist
 * (a region-year the exact path cannot account is not "ok" on the float path; a physical quantity absent in one is
 * absent in the other). The exact figures are the reference: they are themselves held to hand calculations and to
 * the published accounts (test/replication, test/services.test.ts).
 */
const TOL = 1e-9;

interface Exact {
  ok: boolean;
  services: { id: string; physical?: Dec; money?: Dec; moneyConstant?: Dec }[];
  categories: Map<string, { current: Dec | undefined; constant: Dec | undefined }>;
}

/** The exact values of a region-year, as engine/gep/account.ts summarises them (without refusing a failed one). */
function exactOf(model: CompiledModel, data: AccountingData, region: string, year: number, baseYear: number): Exact {
  const cur = evaluateRegionYear(model, data, region, year);
  const con = evaluateRegionYear(model, data, region, year, { basis: { kind: 'constant', baseYear } });
  const v = (r: RegionYearResult, id: string) => r.values.get(id)?.value;
  const services = model.services.map((s) => ({
    id: s.id,
    physical: v(cur, s.physical),
    money: v(cur, s.money),
    moneyConstant: v(con, s.money),
  }));
  const categories = new Map(
    model.categories.map((c) => {
      const of = services.filter((s) => model.services.find((x) => x.id === s.id)!.category === c.id);
      const sum = (k: 'money' | 'moneyConstant') =>
        of.every((s) => s[k]) ? of.reduce((a, s) => a.plus(s[k]!), cur.values.get(model.services[0]!.money)!.value.mul(0)) : undefined;
      return [c.id, { current: sum('money'), constant: sum('moneyConstant') }];
    }),
  );
  return { ok: !cur.issues.length && !con.issues.length, services, categories };
}

/** Every difference beyond TOL (or in presence) between the two paths, as readable lines (empty when they agree). */
function disagreements(
  model: CompiledModel,
  data: AccountingData,
  baseYear: number,
  label: string,
  floatCoefficients?: ReadonlyMap<string, CoefInfo>,
): { lines: string[]; compared: number } {
  const float = accountFloat(model, data, { baseYear, ...(floatCoefficients ? { coefficients: floatCoefficients } : {}) });
  const lines: string[] = [];
  let compared = 0;
  const cmp = (what: string, e: Dec | undefined, f: number | undefined) => {
    const fv = f === undefined || Number.isNaN(f) ? undefined : f;
    if (e === undefined || fv === undefined) {
      if ((e === undefined) !== (fv === undefined)) lines.push(`${what}: exact ${e?.toString() ?? 'absent'}, float ${fv ?? 'absent'}`);
      return;
    }
    compared++;
    const ev = e.toNumber();
    const rel = ev === 0 ? Math.abs(fv) : Math.abs(fv - ev) / Math.abs(ev);
    if (!(rel <= TOL)) lines.push(`${what}: exact ${e.toString()}, float ${fv} (relative ${rel})`);
  };
  for (const f of float as FloatRegionYear[]) {
    const e = exactOf(model, data, f.region, f.year, baseYear);
    const at = `${label} ${f.region} ${f.year}`;
    if (e.ok !== f.ok) lines.push(`${at}: exact ${e.ok ? 'accounts' : 'refuses'} it, float ${f.ok ? 'accounts' : 'refuses'} it`);
    e.services.forEach((s, i) => {
      const fs = f.services[i]!;
      cmp(`${at} ${s.id}.physical`, s.physical, fs.physical);
      cmp(`${at} ${s.id}.money`, s.money, fs.money);
      cmp(`${at} ${s.id}.money at ${baseYear} prices`, s.moneyConstant, fs.moneyConstant);
    });
    if (!e.ok) continue;
    let gep = 0;
    let gepE = e.services[0]!.money!.mul(0);
    for (const [c, t] of e.categories) {
      cmp(`${at} category ${c}`, t.current, f.categories.get(c)!.current);
      cmp(`${at} category ${c} at ${baseYear} prices`, t.constant, f.categories.get(c)!.constant);
      gep += f.categories.get(c)!.current;
      gepE = gepE.plus(t.current!);
    }
    cmp(`${at} GEP`, gepE, f.gep.current);
    expect(gep).toBe(f.gep.current);
  }
  return { lines, compared };
}

const cn = loadModel('cn-gep-2022');
const cn11 = loadModel('cn-gep-2022@1.1.0');
const esv = loadModel('esv-equivalent-2015');

describe('the float64 path agrees with the exact path to 1e-9 relative', () => {
  it('on the sample, cn-gep-2022 (1.0.0 and 1.1.0) and esv-equivalent-2015, current and constant prices', () => {
    for (const [m, label] of [
      [cn, 'cn-gep-2022'],
      [cn11, 'cn-gep-2022@1.1.0'],
      [esv, 'esv-equivalent-2015'],
    ] as const) {
      const data = loadDataset(DEFAULT_DATASET, m);
      for (const baseYear of [2020, 2022]) {
        const r = disagreements(m, data, baseYear, label);
        expect(r.lines).toEqual([]);
        expect(r.compared).toBeGreaterThan(data.years.length * m.services.length * 2);
      }
    }
  });

  it('on the sample under every method variant of cn-gep-2022@1.1.0 (values, and which values exist)', () => {
    const data = loadDataset(DEFAULT_DATASET, cn11);
    let variants = 0;
    for (const [service, vs] of cn11.variants)
      for (const v of vs.slice(1)) {
        const m = withMethod(cn11, [{ file: 'test', variants: { [service]: v.id } }]);
        expect(disagreements(m, data, 2020, `${service}=${v.id}`).lines).toEqual([]);
        variants++;
      }
    expect(variants).toBeGreaterThanOrEqual(4);
  });

  it('on a generated set (datasets/generate.ts: 70 regions × 4 years = 560 rows, many blocks of 64; every value scaled 0.80–1.20)', () => {
    const sample = loadDataset(DEFAULT_DATASET, cn);
    const data = syntheticData(sample, { regions: 70, years: [2019, 2020, 2021, 2022] });
    const r = disagreements(cn, data, 2020, 'generated');
    expect(r.lines).toEqual([]);
    expect(r.compared).toBeGreaterThan(70 * 4 * cn.services.length * 2);
  });

  it('on every replicated published account (datasets/published: given values, local coefficients, variants, not accounted)', () => {
    for (const [account, ref] of [
      ['garze-2010', 'cn-gep-2022@1.1.0'],
      ['baiyangdian-2011', 'cn-gep-2022@1.1.0'],
      ['beibu-gulf-1999-2014', 'esv-equivalent-2015'],
    ] as const) {
      const a = loadAccount(account, ref);
      const r = disagreements(a.model, a.data, a.data.manifest.price_year, account);
      expect(r.lines).toEqual([]);
      expect(r.compared).toBeGreaterThan(a.model.services.length);
    }
  });

  it('the comparison fails when the float path is off by 1e-8 (a coefficient moved by that much on the float side only)', () => {
    const data = loadDataset(DEFAULT_DATASET, cn);
    const c = cn.coefficients.get('reservoir_cost')!;
    const central = c.entries.find((e) => e.from <= 2020 && e.scalar)!.scalar!.value;
    const moved = withParamValue(c, 2020, undefined, central.mul(dec('1.00000001')), central);
    const r = disagreements(cn, data, 2020, 'moved', new Map([['reservoir_cost', moved]]));
    expect(r.lines.some((l) => l.includes('water_conservation.money'))).toBe(true);
    expect(r.lines.some((l) => l.includes('water_conservation.physical'))).toBe(false);
  });
});
