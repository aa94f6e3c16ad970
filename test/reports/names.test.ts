import { describe, expect, it } from 'vitest';
import { DIAGNOSTIC_CODES, type DiagnosticCode } from '../../engine/core/issue-codes.ts';
import type { Diagnostic } from '../../engine/eval/trace.ts';
import { runCarbon } from '../../lib/carbon-run.ts';
import { runAccount } from '../../lib/run.ts';
import { CITY4, NATIONAL3 } from '../../engine/carbon/dual-control.ts';
import {
  DIAGNOSTIC_NAMES,
  diagnosticText,
  dualLightWord,
  ecosystemTypeName,
  fuelName,
  pollutantName,
  regionName,
  scenarioName,
  scenarioText,
  scoreLightWord,
  sectorName,
  serviceName,
} from '../../reports/names.ts';
import { resultJson } from '../../reports/result-json.ts';

const gep = runAccount();
const { model } = gep;
/** Latin words left in a zh sentence once the unit symbols it may carry are taken out. */
const latin = (s: string) => s.replace(/\b(t|m³|kWh|ha|CNY)\b/g, '').match(/[A-Za-z]{2,}/g) ?? [];

describe('names: ids and engine texts in words, zh and en', () => {
  it('regions by the manifest, services and keys by the model, sectors and fuels by the carbon classification', () => {
    expect(regionName(gep.dataset.manifest.regions, 'tianfu', 'zh')).toBe('天府新区(示例)');
    expect(regionName(gep.dataset.manifest.regions, 'tianfu', 'en')).toBe('Tianfu New Area (illustrative)');
    expect(serviceName(model, 'air_purification.physical', 'zh')).toBe('空气净化');
    expect(ecosystemTypeName(model, 'dry_farmland', 'zh')).toBe('旱地');
    expect(pollutantName(model, 'so2', 'zh')).toBe('二氧化硫');
    expect(pollutantName(model, 'so2', 'en')).toBe('SO₂');
    expect(pollutantName(model, 'cod', 'zh')).toBe('化学需氧量');
    const carbon = runCarbon({ parts: ['inventory'] });
    expect(sectorName(carbon.factors, 'residential_urban', 'zh')).toBe('城镇居民生活');
    expect(sectorName(carbon.factors, 'residential_urban', 'en')).toBe('Urban households');
    expect(fuelName(carbon.factors, 'raw_coal', 'zh')).toBe('原煤');
    // every sector of the classification has a Chinese name
    for (const id of Object.keys(carbon.factors.sectors)) expect(sectorName(carbon.factors, id, 'zh'), id).toMatch(/[\u4e00-\u9fff]/);
  });

  it('a diagnostic names its pollutant, its limit and its figures (the sample, tianfu 2020)', () => {
    const d = gep.account.diagnostics;
    const so2 = d.find((x) => x.code === 'cap_bound' && x.year === 2020 && x.keys?.[0] === 'so2')!;
    expect(so2.message).toBe('the limit binds: 1850 t instead of 5212.584 t'); // the engine's message is kept
    // 5212.584 t to 4 significant figures: 5,213 t; the limit 1850 t: 1,850 t
    expect(diagnosticText(so2, model, 'zh')).toBe(
      '空气净化（二氧化硫）：受大气污染物排放量约束，按上限 1,850 t 计入，而非生态系统净化能力 5,213 t。',
    );
    expect(diagnosticText(so2, model, 'en')).toBe(
      "Air purification (SO₂): capped by air pollutant emissions: 1,850 t is counted, not the ecosystem's capacity of 5,213 t.",
    );
    const cod = d.find((x) => x.code === 'cap_bound' && x.year === 2020 && x.keys?.[0] === 'cod')!;
    // cap(water_pollutant_load, water_environmental_capacity): 14200 t of load, 11800 t of capacity
    expect(diagnosticText(cod, model, 'zh')).toBe(
      '水质净化（化学需氧量）：受水环境容量约束，按上限 11,800 t 计入，而非水污染物入河量 14,200 t。',
    );
  });

  it('the facts stay out of result.json (its diagnostics keep their shape)', () => {
    expect(gep.account.diagnostics[0]!.facts).toEqual({ limit: '1850', value: '5212.584', unit: 't' });
    const json = JSON.parse(resultJson(gep));
    expect(json.diagnostics[0]).toEqual({
      level: 'info',
      code: 'cap_bound',
      indicator: 'air_purification.physical',
      region: 'tianfu',
      year: 2020,
      keys: ['so2'],
      message: 'the limit binds: 1850 t instead of 5212.584 t',
    });
  });

  it('every diagnostic code the engine emits has a name and a Chinese sentence without English words', () => {
    const facts: Record<DiagnosticCode, Pick<Diagnostic, 'indicator' | 'keys' | 'facts'>> = {
      cap_bound: { indicator: 'water_purification.physical', keys: ['cod'], facts: { limit: '11800', value: '14200', unit: 't' } },
      cap_not_applied: { indicator: 'air_purification.physical', keys: ['so2'], facts: { value: '5212.584', unit: 't' } },
      fallback: { indicator: 'water_conservation.physical', keys: ['broadleaf_forest'], facts: { coefficient: 'runoff_coefficient' } },
      before_first_entry: { indicator: 'water_conservation.money', facts: { coefficient: 'reservoir_cost', from: 2010, usedFor: 2005 } },
      given_over_computed: {
        indicator: 'recreation.money',
        facts: { given: '2611885000', computed: '2600000000', unit: 'CNY', file: 'given.csv', line: 4 },
      },
      given_unused: { indicator: 'recreation.money', facts: { file: 'given.csv', line: 4 } },
      physical_not_given: { indicator: 'recreation.physical', facts: { service: 'recreation' } },
    };
    for (const code of Object.keys(DIAGNOSTIC_CODES) as DiagnosticCode[]) {
      expect(DIAGNOSTIC_NAMES[code].zh).toMatch(/[\u4e00-\u9fff]/);
      const d: Diagnostic = { level: 'info', code, region: 'tianfu', year: 2021, message: 'English', ...facts[code] };
      const zh = diagnosticText(d, model, 'zh');
      const en = diagnosticText(d, model, 'en');
      expect(latin(zh.replace('given.csv', '')), `${code}: ${zh}`).toEqual([]);
      expect(en, code).not.toMatch(/[\u4e00-\u9fff]/);
      expect(zh).not.toContain('undefined');
      expect(en).not.toContain('undefined');
    }
    const money = diagnosticText(
      { level: 'info', code: 'given_over_computed', region: 'tianfu', year: 2021, message: '', ...facts.given_over_computed },
      model,
      'zh',
    );
    // 2,611,885,000 CNY = 26.12 亿元; 2,600,000,000 CNY = 26.00 亿元
    expect(money).toContain('26.12 亿元');
    expect(money).toContain('26.00 亿元');
    expect(money).toContain('given.csv 第4行');
  });

  it('lights in words: the national barometer and a city ladder; scorecard lights', () => {
    expect(dualLightWord('green', 'zh', NATIONAL3)).toBe('绿灯·进度达标');
    expect(dualLightWord('red', 'zh', NATIONAL3)).toContain('不降反升');
    expect(dualLightWord('red', 'zh', CITY4)).toContain('不足50%');
    expect(dualLightWord('yellow', 'en', NATIONAL3)).toBe('yellow: behind (fell less than required)');
    expect(scoreLightWord('red', 'zh')).toBe('未达标');
    expect(scoreLightWord('none', 'en')).toBe('no value');
  });

  it("a scenario's texts in the report's language, or a note that it gives them only in the other", () => {
    const label = { zh: '天府绿道扩建(示例)', en: 'Tianfu greenway extension (illustrative)' };
    expect(scenarioName({ id: 'greenway', label }, 'zh')).toBe('天府绿道扩建(示例)');
    expect(scenarioText('250 ha of bare land are planted', 'zh')).toBe('（情景仅提供英文说明，见英文报告）');
    expect(scenarioText('250 ha of bare land are planted', 'en')).toBe('250 ha of bare land are planted');
    expect(scenarioText('裸地250公顷建成绿道公园', 'en')).toBe('(the scenario gives this text in Chinese only; see the Chinese report)');
    expect(scenarioText({ zh: '绿道', en: 'greenway' }, 'en')).toBe('greenway');
  });
});
