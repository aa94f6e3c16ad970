/**
 * Sector names as yearbooks and CEADs write them (models/classifications/energy-balance-sector.yaml): the 47 CEADs
 * sector names read as the 47 energy-balance rows of cn-carbon-factors, in order; the names of GB/T 4754-2002 and
 * the pre-2012 energy balance read as the same rows; rows of the 2011/2017 classification that are parts of one
 * sector (汽车制造业 + 铁路、船舶、航空航天和其他运输设备制造业 = transport_equipment) add up, each line said.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { loadCarbonData } from '../../datasets/carbon.ts';
import { fuelId, readSector, sectorId } from '../../engine/carbon/names.ts';
import { str } from '../../engine/core/decimal.ts';
import { carbonRunIdentity, runCarbon } from '../../lib/carbon-run.ts';
import { runId } from '../../lib/run-id.ts';
import { loadFactorSet } from '../../models/carbon-factors.ts';
import { SECTOR_NAMES_FILE, shippedSectorNames } from '../../models/sector-names.ts';

const set = loadFactorSet('cn-carbon-factors');
const names = shippedSectorNames();

/**
 * The sector column of CEADs's provincial inventory, as printed in Emission_Inventories_for_30_Provinces_2019.xlsx,
 * sheet Sichuan2019, rows 5–51 (Shan et al. 2018, Sci. Data 5:170201; read from Open-Earth-Foundation/OpenClimate,
 * harmonize/data/raw/CEADS_china_provinces). The 2005 file prints the same names padded with spaces.
 */
const CEADS = [
  'Farming, Forestry, Animal Husbandry, Fishery and Water Conservancy',
  'Coal Mining and Dressing',
  'Petroleum and Natural Gas Extraction',
  'Ferrous Metals Mining and Dressing',
  'Nonferrous Metals Mining and Dressing',
  'Nonmetal Minerals Mining and Dressing',
  'Other Minerals Mining and Dressing',
  'Logging and Transport of Wood and Bamboo',
  'Food Processing',
  'Food Production',
  'Beverage Production',
  'Tobacco Processing',
  'Textile Industry',
  'Garments and Other Fiber Products',
  'Leather, Furs, Down and Related Products',
  'Timber Processing, Bamboo, Cane, Palm Fiber & Straw Products',
  'Furniture Manufacturing',
  'Papermaking and Paper Products',
  'Printing and Record Medium Reproduction',
  'Cultural, Educational and Sports Articles',
  'Petroleum Processing and Coking',
  'Raw Chemical Materials and Chemical Products',
  'Medical and Pharmaceutical Products',
  'Chemical Fiber',
  'Rubber Products',
  'Plastic Products',
  'Nonmetal Mineral Products',
  'Smelting and Pressing of Ferrous Metals',
  'Smelting and Pressing of Nonferrous Metals',
  'Metal Products',
  'Ordinary Machinery',
  'Equipment for Special Purposes',
  'Transportation Equipment',
  'Electric Equipment and Machinery',
  'Electronic and Telecommunications Equipment',
  'Instruments, Meters, Cultural and Office Machinery',
  'Other Manufacturing Industry',
  'Scrap and waste',
  'Production and Supply of Electric Power, Steam and Hot Water',
  'Production and Supply of Gas',
  'Production and Supply of Tap Water',
  'Construction',
  'Transportation, Storage, Post and Telecommunication Services',
  'Wholesale, Retail Trade and Catering Services',
  'Others',
  'Urban',
  'Rural',
];

/** GB/T 4754-2002 大类 names of manufacturing and utilities (yearbooks 2003–2011), with the rows they are. */
const GBT_2002: [string, string][] = [
  ['饮料制造业', 'beverages'],
  ['纺织服装、鞋、帽制造业', 'garments'],
  ['皮革、毛皮、羽毛(绒)及其制品业', 'leather'],
  ['皮革、毛皮、羽毛（绒）及其制品业', 'leather'], // full-width brackets, as the yearbook prints them
  ['木材加工及木、竹、藤、棕、草制品业', 'timber'],
  ['造纸及纸制品业', 'paper'],
  ['印刷业和记录媒介的复制', 'printing'],
  ['文教体育用品制造业', 'cultural_articles'],
  ['石油加工、炼焦及核燃料加工业', 'petroleum_coking'],
  ['化学原料及化学制品制造业', 'chemicals'],
  ['黑色金属冶炼及压延加工业', 'ferrous_metals'],
  ['有色金属冶炼及压延加工业', 'nonferrous_metals'],
  ['电气机械及器材制造业', 'electrical_equipment'],
  ['通信设备、计算机及其他电子设备制造业', 'electronics'],
  ['仪器仪表及文化、办公用机械制造业', 'instruments'],
  ['工艺品及其他制造业', 'other_manufacturing'],
  ['废弃资源和废旧材料回收加工业', 'scrap_waste'],
  ['电力、热力的生产和供应业', 'power_heat'],
  ['交通运输设备制造业', 'transport_equipment'],
];

describe('sector names of yearbooks and CEADs (models/classifications/energy-balance-sector.yaml)', () => {
  it('the 47 CEADs sector names are the 47 energy-balance rows, in order', () => {
    const byRow = new Map(Object.entries(set.sectors).flatMap(([id, s]) => (s.row === undefined ? [] : [[s.row, id] as const])));
    expect(byRow.size).toBe(47);
    for (const [n, name] of CEADS.entries()) expect(readSector(set, name, names)?.id, name).toBe(byRow.get(n + 1));
    // padded as in the 2005 file; and none of them is a part
    expect(readSector(set, 'Coal Mining and Dressing                                 ', names)).toEqual({ id: 'coal_mining', part: false });
    expect(CEADS.some((n) => readSector(set, n, names)?.part)).toBe(false);
  });

  it('the names of GB/T 4754-2002 and of the energy balance before 2012 read as the same rows', () => {
    for (const [name, id] of GBT_2002) expect(readSector(set, name, names)?.id, name).toBe(id);
    expect(readSector(set, '农、林、牧、渔、水利业', names)?.id).toBe('agriculture');
    expect(readSector(set, '其他行业', names)?.id).toBe('other_services');
    expect(readSector(set, '城镇', names)?.id).toBe('residential_urban');
    expect(readSector(set, '乡村', names)?.id).toBe('residential_rural');
    // the 2011 label of petroleum_coking (the set's label is the 2017 name)
    expect(readSector(set, '石油加工、炼焦和核燃料加工业', names)?.id).toBe('petroleum_coking');
  });

  it('every name in the file is one sector of cn-carbon-factors, and none is already a label of another', () => {
    const doc = YAML.parse(readFileSync(SECTOR_NAMES_FILE, 'utf8')) as Record<'aliases' | 'parts', Record<string, string[]>>;
    for (const part of ['aliases', 'parts'] as const)
      for (const [id, list] of Object.entries(doc[part])) {
        expect(set.sectors[id], id).toBeDefined();
        for (const n of list) {
          expect(sectorId(set, n), `${n} is a label already`).toBeUndefined();
          expect(readSector(set, n, names), n).toEqual({ id, part: part === 'parts' });
        }
      }
  });

  it('the fuel columns of CEADs files before 2019 (Coke Oven Gas, Diesel Oil) and of 2019 (Coke_Oven_Gas) are the set’s fuels', () => {
    // the header row of Emission_Inventories_for_30_Provinces_2012.xlsx (and 1997), columns B–R
    const before2019 = [
      'Raw Coal',
      'Cleaned Coal',
      'Other Washed Coal',
      'Briquettes',
      'Coke',
      'Coke Oven Gas',
      'Other Gas',
      'Other Coking Products',
      'Crude Oil',
      'Gasoline',
      'Kerosene',
      'Diesel Oil',
      'Fuel Oil',
      'LPG',
      'Refinery Gas',
      'Other Petroleum Products',
      'Natural Gas',
    ];
    const ids = before2019.map((n) => fuelId(set, n));
    // the 17 fuels, each once (the set lists them in another order)
    expect(new Set(ids).size).toBe(17);
    expect([...ids].sort()).toEqual(
      [...set.fuels]
        .filter(([, f]) => f.ceads)
        .map(([id]) => id)
        .sort(),
    );
    expect(fuelId(set, 'Coke_Oven_Gas')).toBe('coke_oven_gas');
  });

  it('a name applies only to a set that has the sector; the set’s own labels come first', () => {
    const ipcc = loadFactorSet('ipcc-2006-tier1');
    expect(ipcc.sectors.transport_equipment).toBeUndefined();
    expect(readSector(ipcc, '汽车制造业', names)).toBeUndefined();
    expect(readSector(set, '黑色金属冶炼和压延加工业', names)).toEqual({ id: 'ferrous_metals', part: false });
  });
});

describe('yearbook rows that are parts of one sector, in a dataset', () => {
  const DIR = 'test/fixtures/carbon-province-17';
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  /** The fixture with its ferrous-metals raw coal row (800 × 10^4 t) replaced by `rows`. */
  const withRows = (rows: string[]) => {
    const dir = mkdtempSync(join(tmpdir(), 'gep-sectors-'));
    dirs.push(dir);
    cpSync(DIR, dir, { recursive: true });
    const csv = join(dir, 'carbon-activity.csv');
    const text = readFileSync(csv, 'utf8');
    const line = 'province,2022,fuel,raw_coal,ferrous_metals,800,10^4 t,invented\n';
    expect(text).toContain(line);
    writeFileSync(csv, text.replace(line, rows.map((r) => `${r}\n`).join('')));
    return dir;
  };
  const run = (dataset: string) =>
    runCarbon({ dataset, parts: ['inventory'], grid: { geography: 'national', kind: 'average', vintage: 'year' } }).inventory[0]!.inventory;

  it('汽车制造业 + 铁路、船舶、航空航天和其他运输设备制造业 add up to transport_equipment, each line said in the source', () => {
    const dir = withRows([
      'province,2022,fuel,raw_coal,汽车制造业,500,10^4 t,yearbook 2023 table 4-11',
      'province,2022,fuel,raw_coal,铁路、船舶、航空航天和其他运输设备制造业,300,万t,yearbook 2023 table 4-11',
    ]);
    const data = loadCarbonData(dir, set);
    const rows = data.activity('province', 2022).filter((a) => a.sector === 'transport_equipment');
    expect(rows).toHaveLength(1);
    expect(str(rows[0]!.amount)).toBe('8000000'); // t: (500 + 300) × 10^4
    expect(rows[0]!.source).toBe(
      'yearbook 2023 table 4-11; sector "汽车制造业" read as transport_equipment (a part of it: parts of one sector add up); ' +
        '+ line 4: 300 万t (yearbook 2023 table 4-11; sector "铁路、船舶、航空航天和其他运输设备制造业" read as transport_equipment (a part of it: parts of one sector add up))',
    );
    // 8,000,000 t × 20.908 GJ/t × 0.02637 tC/GJ × 0.94 × 44/12 = 8,000,000 × 1.9002988488 (province-17.test.ts)
    const inv = run(dir);
    expect(str(inv.bySector.get('transport_equipment')!.scope1)).toBe('15202390.7904');
    // the fuel's total is the fixture's: only its sector moved
    const before = run(DIR);
    expect(str(inv.scope1)).toBe(str(before.scope1));
  });

  it('a row spanning two rows of the set (橡胶和塑料制品业) is read at their summary sector', () => {
    const dir = withRows(['province,2022,fuel,raw_coal,橡胶和塑料制品业,800,10^4 t,yearbook']);
    const inv = run(dir);
    expect(str(inv.bySector.get('other_manufacturing_total')!.scope1)).toBe('15202390.7904');
  });

  it('a part beside a row of the sector itself is a duplicate, not added (the direct row may hold the whole sector)', () => {
    const dir = withRows([
      'province,2022,fuel,raw_coal,transport_equipment,800,10^4 t,invented',
      'province,2022,fuel,raw_coal,汽车制造业,500,10^4 t,invented',
    ]);
    expect(() => loadCarbonData(dir, set)).toThrow(/line 4.*duplicate of line 3 \(province, 2022, fuel, raw_coal, transport_equipment\)/s);
  });

  it('a refused part is reported once; the next part is not called a duplicate', () => {
    const dir = withRows([
      'province,2022,fuel,raw_coal,汽车制造业,-5,10^4 t,invented',
      'province,2022,fuel,raw_coal,铁路、船舶、航空航天和其他运输设备制造业,300,10^4 t,invented',
    ]);
    let message = '';
    try {
      loadCarbonData(dir, set);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/-5 is negative/);
    expect(message).not.toMatch(/duplicate/);
  });

  it('a dataset read through the names says so in its run (their hash, outside the dataset hash), and another mapping is another run', () => {
    // the fixture names sectors by id: no names read, no hash, the run id as before this field existed
    const plain = loadCarbonData(DIR, set);
    expect(plain.sectorNamesHash).toBeUndefined();
    expect(carbonRunIdentity({ dataset: DIR }, set, plain)).not.toHaveProperty('sector_names_hash');
    const dir = withRows(['province,2022,fuel,raw_coal,汽车制造业,800,10^4 t,yearbook']);
    const read = loadCarbonData(dir, set);
    expect(read.sectorNamesHash).toBe(names.hash);
    expect(names.hash).toMatch(/^[0-9a-f]{16,}$/);
    const meta = runCarbon({ dataset: dir, parts: ['inventory'] }).meta as { sector_names?: { file: string; hash: string } };
    expect(meta.sector_names).toEqual({ file: 'models/classifications/energy-balance-sector.yaml', hash: names.hash });
    // the same data read through names that map 汽车制造业 elsewhere: the dataset hash is the same, the run is not
    const other = {
      aliases: names.aliases,
      parts: { ...names.parts, transport_equipment: ['铁路、船舶、航空航天和其他运输设备制造业'] },
      hash: 'other',
    };
    const elsewhere = loadCarbonData(dir, set, { ...other, aliases: { ...names.aliases, ordinary_machinery: ['汽车制造业'] } });
    expect(elsewhere.hash).toBe(read.hash);
    expect(elsewhere.activity('province', 2022).some((a) => a.sector === 'ordinary_machinery')).toBe(true);
    expect(runId(carbonRunIdentity({ dataset: dir }, set, elsewhere))).not.toBe(runId(carbonRunIdentity({ dataset: dir }, set, read)));
  });
});
