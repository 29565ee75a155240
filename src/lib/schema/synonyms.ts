import type { CanonicalTable } from './canonical';

/**
 * Header names (English and Chinese, and common export names) that mean a canonical field. The
 * canonical name itself always matches. Compared after `normaliseHeader`; the first field that
 * claims a column gets it, so more specific fields come first in SYNONYMS' order of use.
 */
export const LOAN_SYNONYMS: Record<string, readonly string[]> = {
  loan_id: ['贷款编号', '借据号', '借据编号', '贷款账号', '合同编号', 'loan id', 'loan no', 'loan number', 'loannr_chkdgt', 'loannr', 'id', 'loan key'],
  borrower_id: ['借款人编号', '客户编号', '客户号', '借款人id', 'customer id', 'client id', 'member_id', 'borrower'],
  borrower_name: ['借款人', '借款人名称', '客户名称', '企业名称', 'customer name', 'company', 'name'],
  group_id: ['集团编号', '集团客户编号', 'group'],
  enterprise_size: ['企业规模', '企业类型', 'size', 'firm size', 'company size'],
  staff_count: ['员工人数', '从业人员', '从业人数', 'employees', 'noemp', 'staff'],
  revenue: ['营业收入', '年营业收入', 'sales', 'turnover', 'annual revenue'],
  total_assets: ['资产总额', '总资产', 'assets'],
  industry: ['行业', '行业门类', '行业代码', '所属行业', 'naics', 'industry code', 'sector', 'sic'],
  region: ['地区', '区域', '所属地区', '省份', 'state', 'province', 'addr_state', 'city'],
  relationship_start_date: ['建立关系日期', '首次合作日期', 'customer since'],
  has_financial_statements: ['是否有财务报表', '有无财务报表', '财务报表', 'financial statements'],
  credit_line: ['授信额度', '授信总额', 'credit limit', 'line amount'],
  // Not 'bankstate': in SBA-style exports it is the lender's state, not a branch of the bank analysed.
  branch: ['支行', '经办支行', '所属支行', '支行名称', '经办行', '经办网点', '网点', '经办机构', '所属机构', '机构名称', '分行', 'branch', 'branch name', 'office'],
  officer_id: ['客户经理', '客户经理编号', '经办人', 'officer', 'loan officer', 'relationship manager', 'rm'],
  officer_tenure_months: ['客户经理从业月数', 'officer tenure'],
  officer_training_hours: ['客户经理培训学时', 'training hours'],
  product: ['产品', '贷款产品', '贷款品种', '业务品种', 'product type', 'loan product'],
  origination_date: ['发放日期', '放款日', '起贷日', '贷款发放日', '起始日期', 'issue_d', 'issue date', 'start date', 'origination', 'open date'],
  maturity_date: ['到期日', '到期日期', '贷款到期日', 'maturity', 'end date', 'due date'],
  amount: ['贷款金额', '放款金额', '合同金额', '发放金额', '借款金额', 'loan_amnt', 'loan amount', 'credit_amount', 'disbursementgross', 'grappv', 'principal', 'funded_amnt', 'amt'],
  interest_rate: ['利率', '执行利率', '年利率', 'int_rate', 'rate', 'interest'],
  term_months: ['期限', '贷款期限', '期限月', '期限(月)', 'term', 'term months', 'tenor'],
  repayment_method: ['还款方式', 'repayment', 'repayment type'],
  collateral_type: ['抵押物类型', '担保物类型', '押品类型', '抵质押物类型', 'collateral'],
  collateral_value: ['抵押物价值', '担保物价值', '押品价值', '抵押物评估价值', 'collateral amount'],
  guarantee_type: ['担保方式', '保证方式', '担保类型', 'guarantee', 'guarantee method'],
  // Not 'newexist': it says whether the business is new or existing, not whether the loan renews another.
  is_renewal: ['借新还旧', '是否借新还旧', 'renewal', 'is renewal', 'refinance'],
  is_restructured: ['是否重组', '重组', 'restructured'],
  as_of_date: ['数据日期', '统计日期', '报告日期', 'as of', 'report date', 'snapshot date'],
  balance: ['贷款余额', '余额', '本金余额', 'outstanding', 'outstanding balance', 'balancegross', 'out_prncp'],
  dpd: ['逾期天数', 'days past due', 'days overdue', 'overdue days'],
  five_class: ['五级分类', '风险分类', '五级', 'loan class', 'classification', 'risk class', 'asset class'],
  ifrs9_stage: ['阶段', '减值阶段', 'stage', 'ifrs9'],
  rating: ['评级', '信用评级', '内部评级', 'grade', 'credit rating', 'internal rating'],
  origination_rating: ['初始评级', '发放时评级', '放款时评级', 'rating at origination', 'original rating', 'origination grade'],
  pd: ['违约概率', 'probability of default'],
  lgd: ['违约损失率', 'loss given default'],
  reserve: ['拨备', '减值准备', '贷款损失准备', 'provision', 'allowance'],
  application_date: ['申请日期', '申请日', 'application', 'applied date'],
  approval_date: ['审批日期', '批准日期', '审批日', 'approvaldate', 'approved date'],
  disbursement_date: ['放款日期', '出账日期', 'disbursementdate', 'disbursed date', 'funding date'],
  approval_level: ['审批层级', '审批权限', 'approver level'],
  approver_limit: ['审批人权限金额', '审批权限金额', 'approval authority'],
  approval_exception: ['例外审批', '是否例外', '是否例外审批', 'exception'],
  skipped_step: ['跳过环节', 'skipped step'],
  last_inspection_date: ['最近贷后检查日期', '贷后检查日期', 'last inspection'],
  first_inspection_date: ['首次贷后检查日期', 'first inspection'],
  default_flag: ['违约', '是否违约', '违约标志', '违约标识', 'default', 'defaulted', 'is default', 'bad', 'bad flag', 'target', 'creditability', 'mis_status', 'loan_status', 'status'],
  default_date: ['违约日期', '逾期日期', 'default date'],
  chargeoff_amount: ['核销金额', '核销本金', 'chgoffpringr', 'charge off amount', 'chargeoff'],
  chargeoff_date: ['核销日期', 'chgoffdate', 'charge off date'],
  recovery_amount: ['收回金额', '回收金额', '清收金额', 'recoveries', 'recovery'],
};

export const SNAPSHOT_SYNONYMS: Record<string, readonly string[]> = {
  loan_id: LOAN_SYNONYMS.loan_id,
  snapshot_date: ['数据日期', '统计日期', '月份', '报告期', 'month', 'as of', 'as_of_date', 'period', 'date'],
  balance: LOAN_SYNONYMS.balance,
  dpd: LOAN_SYNONYMS.dpd,
  five_class: LOAN_SYNONYMS.five_class,
};

export const INSPECTION_SYNONYMS: Record<string, readonly string[]> = {
  loan_id: LOAN_SYNONYMS.loan_id,
  inspection_date: ['检查日期', '贷后检查日期', '走访日期', 'visit date', 'date'],
  finding: ['检查结论', '检查结果', '发现', 'result', 'note', 'notes'],
};

export const SYNONYMS: Record<CanonicalTable, Record<string, readonly string[]>> = {
  loans: LOAN_SYNONYMS,
  snapshots: SNAPSHOT_SYNONYMS,
  inspections: INSPECTION_SYNONYMS,
};

/** Traditional characters of loan-book headers → Simplified, so a Big5 (Taiwan, Hong Kong) export maps too. */
const TRADITIONAL = '貸款據編號額餘發級類關戶業區網點經擔險違約銷風報標產價質證審準數帳賬務與際計萬億檢查歸還訊資櫃專屬種別齡職員開戶機構轄內';
const SIMPLIFIED = '贷款据编号额余发级类关户业区网点经担险违约销风报标产价质证审准数账账务与际计万亿检查归还讯资柜专属种别龄职员开户机构辖内';
const TO_SIMPLIFIED = new Map([...TRADITIONAL].map((c, i) => [c, [...SIMPLIFIED][i]]));

/** Lower case, Traditional → Simplified, unit notes in brackets removed, separators and spaces dropped: '贷款金额（万元）' → '贷款金额'. */
export function normaliseHeader(header: string): string {
  return [...header]
    .map((c) => TO_SIMPLIFIED.get(c) ?? c)
    .join('')
    .trim()
    .toLowerCase()
    .replace(/[（(［\[][^）)］\]]*[）)］\]]/g, '')
    .replace(/[\s_\-./:：]+/g, '');
}

/** The unit a header announces for its numbers: 万元 → 10000, 亿 → 1e8, 千元 → 1000, % → 0.01. */
export function headerUnit(header: string): number | null {
  if (/亿/.test(header)) return 1e8;
  if (/万/.test(header)) return 1e4;
  if (/千元/.test(header)) return 1e3;
  if (/%|％|百分/.test(header)) return 0.01;
  return null;
}
