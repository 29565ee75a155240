import { normaliseLabel } from './parsers';

/**
 * The canonical values of each categorical text field, with the words (English and Chinese) an
 * export writes for them. The value mapping proposes from these; the user can change any value.
 */
export const VOCABULARIES: Record<string, Record<string, readonly string[]>> = {
  enterprise_size: {
    micro: ['微型', '微型企业', '微', '微型企业主', '个体工商户', '个体户', '个体', '小微企业主', 'micro', 'micro enterprise', 'sole proprietor', 'individual business'],
    small: ['小型', '小型企业', '小', '小微', '小微企业', 'small', 'small enterprise', 'sme'],
    medium: ['中型', '中型企业', '中', 'medium', 'mid', 'medium enterprise'],
    large: ['大型', '大型企业', '大', 'large', 'large enterprise', 'corporate'],
  },
  guarantee_type: {
    none: ['信用', '信用贷款', '纯信用', '无', '无担保', 'none', 'unsecured', 'credit', 'clean', 'no guarantee'],
    third_party: ['保证', '保证担保', '第三方保证', '自然人保证', '企业保证', 'guarantee', 'guaranteed', 'third party', 'third_party', 'personal guarantee'],
    guarantee_company: ['担保公司', '担保公司担保', '融资担保', '融资担保公司', 'guarantee company', 'guarantee_company'],
    joint: ['联保', '联户联保', '互保', 'joint', 'joint guarantee'],
    mortgage: ['抵押', '抵押担保', 'mortgage', 'mortgaged'],
    pledge: ['质押', '质押担保', 'pledge', 'pledged'],
  },
  collateral_type: {
    none: ['无', '信用', '无抵押', 'none', 'unsecured', 'no collateral'],
    real_estate: ['房产', '房地产', '不动产', '土地', '土地使用权', '厂房', '住房', '商铺', 'real estate', 'real_estate', 'property', 'land'],
    equipment: ['设备', '机器设备', '车辆', '机动车', 'equipment', 'machinery', 'vehicle'],
    receivables: ['应收账款', '应收账款质押', 'receivables', 'accounts receivable'],
    deposit: ['存单', '定期存单', '保证金', 'deposit', 'cash deposit'],
  },
  product: {
    working_capital: ['流动资金贷款', '流贷', '流动资金', 'working capital', 'working_capital'],
    fixed_asset: ['固定资产贷款', '固贷', 'fixed asset', 'fixed_asset', 'capex'],
    trade_finance: ['贸易融资', 'trade finance', 'trade_finance'],
    business_personal: ['个人经营贷', '个人经营性贷款', '个人经营贷款', 'business personal', 'business_personal'],
    inclusive_credit: ['普惠信用贷', '普惠贷', 'inclusive credit', 'inclusive_credit'],
  },
  repayment_method: {
    interest_only: ['按月付息到期还本', '按季付息到期还本', '先息后本', '按月付息', 'interest only', 'interest_only'],
    bullet: ['利随本清', '到期一次还本付息', '一次性还本付息', '到期还本付息', 'bullet'],
    equal_principal: ['等额本金', 'equal principal', 'equal_principal'],
    equal_installment: ['等额本息', 'equal installment', 'equal_installment', 'annuity', 'amortizing'],
  },
};

/** Fields whose values are mapped onto a vocabulary. */
export const VOCABULARY_FIELDS = Object.keys(VOCABULARIES);

const lookup = new Map<string, Map<string, string>>(
  Object.entries(VOCABULARIES).map(([field, values]) => [
    field,
    new Map(Object.entries(values).flatMap(([canonical, words]) => [canonical, ...words].map((w) => [normaliseLabel(w), canonical] as const))),
  ]),
);

/** The canonical value a vocabulary word stands for, or null when the field has no such word. */
export function canonicalValue(field: string, value: string): string | null {
  return lookup.get(field)?.get(normaliseLabel(value)) ?? null;
}

/** The recode a text field gets for its distinct values: each known word to its canonical value (values already canonical left out). */
export function proposeRecode(field: string, values: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values) {
    const c = canonicalValue(field, v);
    if (c !== null && c !== v) out[v] = c;
  }
  return out;
}

/** Every word (normalised, SQL-ready) meaning `canonical` in `field`, the canonical value included. */
export function wordsFor(field: string, canonical: string): string[] {
  return [...new Set([canonical, ...(VOCABULARIES[field]?.[canonical] ?? [])].map(normaliseLabel))];
}
