/** The DPD buckets of `loan_facts.dpd_bucket`, in order, and the one set of cutoffs that assigns them. */
export const DPD_BUCKETS = ['current', '1–30', '31–60', '61–90', '90+'] as const;
export type DpdBucket = (typeof DPD_BUCKETS)[number];

/** Upper bound (days, inclusive) of every bucket but the last. */
const DPD_UPPER_BOUNDS = [0, 30, 60, 90] as const;

function bucketCase(dpd: string, value: (k: number) => string): string {
  const whens = DPD_UPPER_BOUNDS.map((bound, k) => `WHEN ${dpd} <= ${bound} THEN ${value(k)}`);
  return `CASE WHEN ${dpd} IS NULL THEN NULL ${whens.join(' ')} ELSE ${value(DPD_UPPER_BOUNDS.length)} END`;
}

/** The bucket label of a DPD column or expression (NULL stays NULL). */
export function dpdBucketSql(dpd: string): string {
  return bucketCase(dpd, (k) => `'${DPD_BUCKETS[k]}'`);
}

/** The bucket index 0..4 (the position in DPD_BUCKETS) of a DPD column or expression (NULL stays NULL). */
export function dpdBucketIndexSql(dpd: string): string {
  return bucketCase(dpd, (k) => String(k));
}
