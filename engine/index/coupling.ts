import { type Dec, ONE, ZERO } from '../core/decimal.ts';

export interface CouplingResult {
  /** Coupling degree C = n · (Π U_i)^(1/n) / Σ U_i, in [0, 1] (the geometric over the arithmetic mean). */
  coupling: Dec;
  /** Comprehensive development index T = Σ α_i U_i. */
  development: Dec;
  /** Coupling coordination degree D = √(C · T). */
  coordination: Dec;
  /** The band of D (one of ten, 0.1 wide). */
  band: CouplingBand;
}

/**
 * The ten bands of the coupling coordination degree, 0.1 wide, from extreme imbalance to high-quality coordination
 * (廖重斌 1999, 环境与经济协调发展的定量评判及其分类体系, 热带地理 19(2):171–177, Table 1; the ten-band wording most
 * Chinese studies use).
 */
export const COUPLING_BANDS = [
  { id: 'extreme_imbalance', zh: '极度失调', en: 'Extreme imbalance' },
  { id: 'serious_imbalance', zh: '严重失调', en: 'Serious imbalance' },
  { id: 'moderate_imbalance', zh: '中度失调', en: 'Moderate imbalance' },
  { id: 'mild_imbalance', zh: '轻度失调', en: 'Mild imbalance' },
  { id: 'near_imbalance', zh: '濒临失调', en: 'On the verge of imbalance' },
  { id: 'barely_coordinated', zh: '勉强协调', en: 'Barely coordinated' },
  { id: 'primary_coordination', zh: '初级协调', en: 'Primary coordination' },
  { id: 'intermediate_coordination', zh: '中级协调', en: 'Intermediate coordination' },
  { id: 'good_coordination', zh: '良好协调', en: 'Good coordination' },
  { id: 'quality_coordination', zh: '优质协调', en: 'High-quality coordination' },
] as const;
export type CouplingBand = (typeof COUPLING_BANDS)[number];

/**
 * The coupling coordination degree of n subsystems with scores U_i in [0, 1] and weights α_i (Σ α = 1). C is the
 * corrected n-system form C = [Π U_i / ((Σ U_i / n)^n)]^(1/n) of 王淑佳, 孔伟, 任亮, 治丹丹, 戴尔阜 2021,
 * 国内耦合协调度模型的误区及修正, 自然资源学报 36(3):793–810 (eq. 5), which stays in [0, 1] for every n; D = √(C·T)
 * (廖重斌 1999). Any U_i = 0 gives C = 0; all U_i = 0 gives C = 0 and D = 0.
 */
export function couplingCoordination(u: Dec[], alphas: Dec[]): CouplingResult {
  const n = u.length;
  const sum = u.reduce((a, b) => a.plus(b), ZERO);
  const product = u.reduce((a, b) => a.mul(b), ONE);
  const coupling = sum.isZero() || product.isZero() ? ZERO : product.pow(ONE.div(n)).mul(n).div(sum);
  const development = u.reduce((a, x, i) => a.plus(x.mul(alphas[i]!)), ZERO);
  const coordination = coupling.mul(development).sqrt();
  const b = Math.min(9, Math.max(0, coordination.mul(10).floor().toNumber()));
  return { coupling, development, coordination, band: COUPLING_BANDS[b]! };
}
