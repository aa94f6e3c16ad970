import { describe, expect, it } from 'vitest';
import { loadModel } from '../../models/load.ts';
import { runCarbon } from '../../lib/carbon-run.ts';
import { runAccount } from '../../lib/run.ts';
import { fullReport, parkCityReport } from '../helpers/full-report.ts';
import { latinWords, visibleText, ZH_ALLOWED } from '../helpers/visible-text.ts';

/**
 * The Chinese report reads as Chinese (issue 14 item 3): in the visible text of the fullest zh report (GEP under a
 * scenario, dual accounting, carbon, the finance view and run, the comparison) and of the park-city model's report,
 * no run of Latin letters outside a short allowlist (unit symbols, chemical formulas, acronyms Chinese practice
 * writes in Latin letters: test/helpers/visible-text.ts), and no id of a region, service, ecosystem type or sector as
 * a word. Left out of "visible": <code> (identifiers a user types), the provenance <dl> (run, model and dataset
 * ids), <cite> (sources quoted as published) and names the data gives in one language only, marked lang="en".
 * On the report before this work the zh text had 1,365 such words (park-city report: 764).
 */
const englishSpans = (html: string) => [...html.matchAll(/<span lang="en">([^<]*)<\/span>/g)].map((m) => m[1]!);
const strip = (html: string) => visibleText(html.replace(/<span lang="en">[^<]*<\/span>/g, ' '));
const offending = (text: string) => latinWords(text).filter((w) => !ZH_ALLOWED.has(w));

describe('the zh HTML report has no English label text and no raw ids', () => {
  let zh = '',
    en = '',
    park = '';
  it('renders (full report zh and en, park-city zh)', async () => {
    [zh, en, park] = await Promise.all([fullReport('zh'), fullReport('en'), parkCityReport('zh')]);
    expect(zh).toContain('<section id="finance">');
    for (const id of ['dual', 'carbon', 'comparison']) expect(zh).toContain(`<section id="${id}">`);
  }, 120_000);

  it('no Latin word outside the allowlist in the visible zh text', () => {
    expect(offending(strip(zh))).toEqual([]);
    expect(offending(strip(park))).toEqual([]);
  });

  it('no id of a region, service, ecosystem type, pollutant or sector appears as a word', () => {
    const gep = runAccount();
    const carbon = runCarbon({ parts: ['inventory'] });
    const ids = new Set<string>(gep.dataset.manifest.regions.map((r) => r.id));
    for (const m of [gep.model, loadModel('park-city-gep-2023')]) {
      for (const s of m.services) ids.add(s.id);
      for (const c of m.categories) ids.add(c.id);
      for (const d of m.dims.values()) for (const k of d.keyLabels.keys()) ids.add(k);
    }
    for (const s of Object.keys(carbon.factors.sectors)) ids.add(s);
    for (const text of [strip(zh), strip(park)]) {
      const words = new Set(text.match(/[A-Za-z][A-Za-z0-9_-]*/g) ?? []);
      // an id that is also an allowed symbol (t, COD as a pollutant key is "cod") is matched case-sensitively
      expect([...ids].filter((id) => words.has(id))).toEqual([]);
    }
  });

  it('what is left in English is only names the data gives in English alone', () => {
    const carbon = runCarbon({});
    const given = new Set([...carbon.data.entities.map((e) => e.name)]);
    const spans = englishSpans(zh);
    // each marked span is a name from the data (entities, rights holders, borrowers, projects), never a label
    for (const s of spans) expect(s, s).not.toMatch(/^(the|and|of|not|scope \d|low|high|central)$|^(the|and|of|not) /i);
    expect(spans.some((s) => given.has(s))).toBe(true);
  });

  it('the en report has no Chinese outside names given only in Chinese', () => {
    const text = visibleText(en.replace(/<span lang="zh">[^<]*<\/span>/g, ' '));
    // 碳惠天府 is the proper name of Chengdu's carbon-inclusion programme, which has no English name
    expect((text.match(/[\u3400-\u9fff]+/g) ?? []).filter((w) => w !== '碳惠天府')).toEqual([]);
  });
});
