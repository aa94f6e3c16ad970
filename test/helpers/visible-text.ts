/**
 * The text a reader sees in an HTML report, for the language tests: tags stripped, and left out what is an
 * identifier or a quotation rather than a label: <code> (ids, formulas, hashes a user types), the provenance <dl>
 * (run id, model and dataset ids) and <cite> (a bibliographic source, quoted in the language it was published in).
 * <style> and the SVG's <title>/<desc> are dropped or kept as the reader meets them (titles are tooltips: kept).
 */
export function visibleText(html: string): string {
  return html
    .replace(/<style[\s\S]*?<\/style>/g, ' ')
    .replace(/<head>[\s\S]*?<\/head>/g, ' ')
    .replace(/<code>[\s\S]*?<\/code>/g, ' ')
    .replace(/<cite>[\s\S]*?<\/cite>/g, ' ')
    .replace(/<dl class="provenance">[\s\S]*?<\/dl>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

/**
 * Words of Latin letters a zh report may show, each for a reason: unit symbols (SI and the accounting units),
 * chemical formulas, the acronyms Chinese practice writes in Latin letters (GEP, GDP, LMDI, PCAF …).
 */
export const ZH_ALLOWED = new Set([
  // acronyms of rights and energy
  'CEA',
  'CCER',
  'PV',
  'C',
  // file formats a note points to
  'JSON',
  'CSV',
  'Excel',
  'XLSX',
  'HTML',
  // the symbols of a formula (Q quantity, P price, r a rate)
  'Q0',
  'Q1',
  'P0',
  'P1',
  'r',
  'ln',
  'e',
  // more units
  'kJ',
  'MJ',
  'J',
  'g',
  'd',
  'tC',
  'PM2',
  'PM10',
  'dBA',
  'h',
  // units
  't',
  'kt',
  'ha',
  'km',
  'm',
  'hm',
  'mm',
  'kWh',
  'MWh',
  'GWh',
  'TJ',
  'GJ',
  'tce',
  'kgce',
  'tCO₂e',
  'tCO₂',
  'kgCO₂',
  'CO₂e',
  'dB',
  'A',
  'mg',
  'kg',
  'L',
  'a',
  'yr',
  // chemistry
  'CO₂',
  'SO₂',
  'NOₓ',
  'NO₂',
  'CH₄',
  'N₂O',
  'PM',
  'COD',
  'NH₃',
  'N',
  'P',
  'O₂',
  'HFCs',
  'PFCs',
  'SF₆',
  'NF₃',
  // acronyms used as such in Chinese practice
  'GEP',
  'GDP',
  'GEEP',
  'ESV',
  'LMDI',
  'Kaya',
  'STIRPAT',
  'PCAF',
  'TNFD',
  'EOD',
  'NPV',
  'IRR',
  'SHA',
  'GPC',
  'BASIC',
  'IPCC',
  'GWP',
  'AR',
  'CPI',
  'RUSLE',
  'RWEQ',
  'NEP',
  'EER',
  'CJJ',
  'T',
  'GB',
  'DB',
  'NBS',
  'MEE',
  'P5',
  'P50',
  'P95',
]);

/** Runs of Latin letters (with the subscripts and digits that belong to a symbol) in a text. */
export const latinWords = (text: string) => text.match(/[A-Za-z][A-Za-z0-9₀-₉ₓ]*/g) ?? [];
