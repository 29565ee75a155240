import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDb } from '../../../src/lib/db/node';
import type { Db } from '../../../src/lib/db/types';
import { sniffFile } from '../../../src/lib/ingest/sniff';
import { readFile } from '../../../src/lib/ingest/read';
import { proposeMapping } from '../../../src/lib/schema/propose';

let db: Db;
beforeAll(async () => {
  db = await openNodeDb();
});
afterAll(async () => db.close());

async function propose(csv: string) {
  const file = new Blob([csv]);
  const raw = await readFile(db, file, await sniffFile(file, 'book.csv'));
  return (await proposeMapping(db, [{ raw, table: 'loans' }])).mapping.tables[0].fields;
}

describe('mapping proposals say why, and leave out the look-alikes', () => {
  it('an SBA-style export: the lender’s state is not a branch, new-or-existing business is not a renewal, the disbursement date is the origination date', async () => {
    const f = await propose('LoanNr_ChkDgt,State,BankState,NewExist,DisbursementDate,DisbursementGross,MIS_Status\n1001,OH,IL,1,16000,"$60,000.00",P I F\n1002,CA,NC,2,16100,"$40,000.00",CHGOFF\n');
    expect(f.branch).toBeUndefined();
    expect(f.is_renewal).toBeUndefined();
    expect(f.region).toMatchObject({ source: 'State', why: { by: 'header', synonym: 'state' } });
    expect(f.disbursement_date?.source).toBe('DisbursementDate');
    expect(f.origination_date).toMatchObject({ source: 'DisbursementDate', why: { by: 'only_date', from: 'disbursement_date' } });
    expect(f.amount).toMatchObject({ source: 'DisbursementGross', why: { by: 'header', synonym: 'disbursementgross' } });
  });

  it('经办支行 is the branch; a five-category column is found by its values', async () => {
    const f = await propose('借据号,经办支行,状态,贷款金额\nA1,城东支行,正常,10\nA2,城西支行,次级,20\n');
    expect(f.branch).toMatchObject({ source: '经办支行', why: { by: 'header', synonym: '经办支行' } });
    expect(f.five_class).toMatchObject({ source: '状态', why: { by: 'values', kind: 'class' } });
  });

  it('with an origination date of its own, the disbursement date stays the disbursement date only', async () => {
    const f = await propose('loan_id,origination_date,disbursement_date,amount,default_flag\nA1,2023-01-01,2023-01-05,10,0\n');
    expect(f.origination_date?.source).toBe('origination_date');
    expect(f.disbursement_date?.source).toBe('disbursement_date');
  });
});
