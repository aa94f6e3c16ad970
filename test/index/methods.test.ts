import { describe, expect, it } from 'vitest';
import { Dec, dec } from '../../engine/core/decimal.ts';
import { ahpWeights, pairwiseProblems } from '../../engine/index/ahp.ts';
import { couplingCoordination } from '../../engine/index/coupling.ts';
import { entropyWeights } from '../../engine/index/entropy.ts';
import { againstTarget, minMax, standardScore } from '../../engine/index/normalise.ts';
import { topsis } from '../../engine/index/topsis.ts';

const m = (rows: string[][]) => rows.map((r) => r.map(dec));
const near = (d: Dec, want: string, places: number) => expect(d.toFixed(places)).toBe(want);
/** Within a published figure's last place (published figures were rounded from rounded intermediates). */
const within = (d: Dec, published: string, tol: string) => expect(d.minus(published).abs().lte(tol), `${d} vs ${published}`).toBe(true);

/**
 * Hwang & Yoon 1981, Multiple Attribute Decision Making: Methods and Applications (Springer, Lecture Notes in
 * Economics and Mathematical Systems 186), the fighter-aircraft example used throughout ch. 4: four aircraft A1–A4 on
 * maximum speed (Mach), ferry range (NM), maximum payload (lb), acquisition cost (10⁶ $, a cost criterion),
 * reliability and manoeuvrability (qualitative, on the interval scale average 5, low 3, high 7, very high 9), with
 * weights w = (0.2, 0.1, 0.1, 0.1, 0.2, 0.3). Published TOPSIS relative closeness C* = (0.643, 0.268, 0.613, 0.312),
 * ranking A1 > A3 > A4 > A2 (§4.1.3; reprinted in Yoon & Hwang 1995, Multiple Attribute Decision Making: An
 * Introduction, Sage, p. 41).
 */
const AIRCRAFT = m([
  ['2.0', '1500', '20000', '5.5', '5', '9'],
  ['2.5', '2700', '18000', '6.5', '3', '5'],
  ['1.8', '2000', '21000', '4.5', '7', '7'],
  ['2.2', '1800', '20000', '5.0', '5', '5'],
]);
const AIRCRAFT_W = ['0.2', '0.1', '0.1', '0.1', '0.2', '0.3'].map(dec);
const BENEFIT = [true, true, true, false, true, true];

describe('TOPSIS against Hwang & Yoon 1981 (fighter aircraft)', () => {
  it('gives the published relative closeness 0.643, 0.268, 0.613, 0.312', () => {
    // exact: 0.64330…, 0.26838…, 0.61350…, 0.31228… (A3's 0.6135 is printed 0.613 in the source)
    const r = topsis(AIRCRAFT, AIRCRAFT_W, BENEFIT);
    for (const [i, c] of ['0.643', '0.268', '0.613', '0.312'].entries()) within(r.closeness[i]!, c, '0.001');
    near(r.closeness[2]!, '0.6135', 4);
    // the ranking A1 > A3 > A4 > A2
    const order = [0, 1, 2, 3].sort((a, b) => r.closeness[b]!.cmp(r.closeness[a]!));
    expect(order).toEqual([0, 2, 3, 1]);
  });
  it('hand calculation of A1: vector norms, v_11, and S⁺, S⁻', () => {
    // column 1 norm = √(2.0² + 2.5² + 1.8² + 2.2²) = √(4 + 6.25 + 3.24 + 4.84) = √18.33 = 4.281355…
    // v_11 = 0.2 · 2.0 / 4.281355 = 0.093428…
    const r = topsis(AIRCRAFT, AIRCRAFT_W, BENEFIT);
    near(r.weighted[0]![0]!, '0.093428', 6);
    expect(dec('0.4').div(dec('18.33').sqrt()).toDecimalPlaces(6).toString()).toBe('0.093428');
    near(r.toIdeal[0]!, '0.0546', 4);
    near(r.toNegative[0]!, '0.0984', 4);
  });
  it('a cost criterion is turned round: the cheapest is the ideal', () => {
    const r = topsis(m([['1'], ['2']]), [new Dec(1)], [false]);
    expect(r.closeness.map(String)).toEqual(['1', '0']);
  });
});

describe('entropy weights (Hwang & Yoon 1981 §4.1.2, on the same aircraft matrix)', () => {
  it('entropy e_j and weights w_j of the raw matrix (p_ij = x_ij / Σ_i x_ij, k = 1/ln 4)', () => {
    // Published: e = (0.9946, 0.9829, 0.9989, 0.9931, 0.9703, 0.9770); our exact values round to within 1e-4 of them.
    const r = entropyWeights(AIRCRAFT);
    const published = ['0.9946', '0.9829', '0.9989', '0.9931', '0.9703', '0.9770'];
    for (const [j, e] of r.entropy.entries()) within(e, published[j]!, '0.0002');
    // weights w_j = d_j / Σ d: reliability and manoeuvrability (the most spread) weigh most
    expect(r.weights.map((w) => w.toFixed(3))).toEqual(['0.064', '0.206', '0.013', '0.081', '0.359', '0.276']);
    expect(
      r.weights
        .reduce((a, b) => a.plus(b))
        .toDecimalPlaces(30)
        .toString(),
    ).toBe('1');
  });
  it('hand calculation on a 2 × 2 matrix: a column with no spread weighs 0', () => {
    // column 1 (1, 3): p = (1/4, 3/4), e = −(¼ ln ¼ + ¾ ln ¾)/ln 2 = 0.811278…; column 2 (5, 5): e = 1 → w = (1, 0)
    const r = entropyWeights(
      m([
        ['1', '5'],
        ['3', '5'],
      ]),
    );
    near(r.entropy[0]!, '0.811278', 6);
    expect(r.entropy[1]!.toString()).toBe('1');
    expect(r.weights.map(String)).toEqual(['1', '0']);
  });
  it('a zero value contributes 0 · ln 0 = 0 (min–max scores have zeros)', () => {
    const r = entropyWeights(m([['0'], ['1']]));
    expect(r.entropy[0]!.toString()).toBe('0');
  });
});

describe('AHP weights and consistency ratio (Saaty)', () => {
  it('the classic 3 × 3 textbook matrix [1 3 5; 1/3 1 3; 1/5 1/3 1]: w = (0.637, 0.258, 0.105), λmax = 3.039, CR = 0.033', () => {
    // Reprinted in most AHP introductions (e.g. Taylor, Introduction to Management Science, AHP chapter): the principal
    // eigenvector (0.637, 0.258, 0.105), λmax ≈ 3.039, CI = (3.039 − 3)/2 = 0.019, RI(3) = 0.58, CR = 0.033.
    const r = ahpWeights(
      m([
        ['1', '3', '5'],
        ['1/3', '1', '3'],
        ['1/5', '1/3', '1'],
      ]),
    );
    expect(r.weights.map((w) => w.toFixed(3))).toEqual(['0.637', '0.258', '0.105']);
    near(r.lambdaMax, '3.039', 3);
    near(r.ci, '0.019', 3);
    near(r.cr, '0.033', 3);
  });
  it('the leader example (experience, education, charisma, age): w = (0.547, 0.127, 0.270, 0.056), CR = 0.044', () => {
    // Wikipedia, "Analytic hierarchy process – leader example" (priorities of the criteria; CR 4.4 %), after Saaty's
    // 1–9 scale; RI(4) = 0.90.
    const r = ahpWeights(
      m([
        ['1', '4', '3', '7'],
        ['1/4', '1', '1/3', '3'],
        ['1/3', '3', '1', '5'],
        ['1/7', '1/3', '1/5', '1'],
      ]),
    );
    // the source prints 0.547 for experience; the eigenvector is 0.5476…
    for (const [i, w] of ['0.547', '0.127', '0.270', '0.056'].entries()) within(r.weights[i]!, w, '0.001');
    near(r.weights[0]!, '0.5476', 4);
    near(r.cr, '0.044', 3);
    expect(r.ri.toString()).toBe('0.9');
  });
  it('geometric-mean weights of a consistent matrix are exact: [1 2 4; 1/2 1 2; 1/4 1/2 1] → (4/7, 2/7, 1/7), λmax = 3, CR = 0', () => {
    const r = ahpWeights(
      m([
        ['1', '2', '4'],
        ['1/2', '1', '2'],
        ['1/4', '1/2', '1'],
      ]),
      'geometric_mean',
    );
    near(r.weights[0]!, new Dec(4).div(7).toFixed(20), 20);
    near(r.lambdaMax, '3.00000000000000000000', 20);
    near(r.cr, '0.00000000000000000000', 20);
  });
  it('an inconsistent matrix has CR ≥ 0.1 (a > b, b > c, c > a)', () => {
    const r = ahpWeights(
      m([
        ['1', '5', '1/5'],
        ['1/5', '1', '5'],
        ['5', '1/5', '1'],
      ]),
    );
    expect(r.cr.gte('0.1')).toBe(true);
  });
  it('refuses a matrix that is not reciprocal, with the cells named', () => {
    expect(
      pairwiseProblems(
        m([
          ['1', '3'],
          ['3', '1'],
        ]),
      ),
    ).toEqual(['entries (1, 2) = 3 and (2, 1) = 3 are not reciprocal (write 1/3)']);
  });
});

describe('normalisation', () => {
  it('min–max, both directions; a set without spread gives 1', () => {
    const set = ['10', '20', '30'].map(dec);
    expect(minMax(new Dec(20), set, 'higher').value.toString()).toBe('0.5');
    expect(minMax(new Dec(10), set, 'lower').value.toString()).toBe('1');
    expect(minMax(new Dec(5), [new Dec(5)], 'higher').value.toString()).toBe('1');
  });
  it('against a target: (x − floor)/(target − floor), clipped; a lower-is-better floor lies above the target', () => {
    expect(againstTarget(new Dec(42), new Dec(30), new Dec(45)).value.toString()).toBe('0.8');
    expect(againstTarget(new Dec(50), new Dec(30), new Dec(45)).value.toString()).toBe('1');
    // carbon intensity: target 0.5, floor 1.0 → 0.8 scores (0.8 − 1)/(0.5 − 1) = 0.4
    expect(againstTarget(dec('0.8'), new Dec(1), dec('0.5')).value.toString()).toBe('0.4');
  });
  it('standard score with the population sd: (x − mean)/sd', () => {
    // set (2, 4, 4, 4, 5, 5, 7, 9): mean 5, sd 2 → 9 scores 2
    const set = ['2', '4', '4', '4', '5', '5', '7', '9'].map(dec);
    expect(standardScore(new Dec(9), set, 'higher').value.toString()).toBe('2');
    expect(standardScore(new Dec(9), set, 'lower').value.toString()).toBe('-2');
  });
});

describe('coupling coordination degree', () => {
  it('hand calculation: U = (0.8, 0.6, 0.4), α = ⅓ each', () => {
    // C = 3 · (0.8 · 0.6 · 0.4)^(1/3) / 1.8 = 3 · 0.576899… / 1.8 = 0.9614997…; T = 0.6; D = √(C·T) = 0.759539…
    const third = new Dec(1).div(3);
    const r = couplingCoordination(['0.8', '0.6', '0.4'].map(dec), [third, third, third]);
    near(r.coupling, '0.961500', 6);
    near(r.coupling, '0.9614997', 7);
    near(r.development, '0.600000', 6);
    near(r.coordination, '0.759539', 6);
    expect(r.band.id).toBe('intermediate_coordination');
  });
  it('equal scores couple perfectly (C = 1); a zero subsystem gives C = 0', () => {
    const half = dec('0.5');
    near(couplingCoordination([half, half], [half, half]).coupling, '1.00000000000000000000', 20);
    expect(couplingCoordination([new Dec(0), half], [half, half]).coupling.toString()).toBe('0');
  });
});
