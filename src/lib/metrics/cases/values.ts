import type { Row, Value } from '../../db/rows';

/** A text cell, null kept. */
export function textOrNull(v: Value | undefined): string | null {
  return v === null || v === undefined ? null : String(v);
}

/** A loan's amount and status as every case view shows them. */
export interface LoanStatus {
  amount: number | null;
  balance: number | null;
  dpd: number | null;
  fiveClass: number | null;
  defaulted: boolean | null;
  restructured: boolean | null;
}

export function loanStatus(r: Row): LoanStatus {
  return {
    amount: r.amount as number | null,
    balance: r.balance as number | null,
    dpd: r.dpd as number | null,
    fiveClass: r.five_class as number | null,
    defaulted: r.is_defaulted as boolean | null,
    restructured: r.is_restructured as boolean | null,
  };
}
