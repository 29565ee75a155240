import { rows } from '../../db/rows';
import { ident } from '../../sql/quote';
import { LOAN_FIELDS } from '../../schema/canonical';
import type { ColumnInfo } from '../drivers/candidates';
import type { MetricQuery } from '../query';

const CANONICAL = new Set(LOAN_FIELDS.map((f) => f.name));
/** Values that name a development sample, in English and Chinese (compared trimmed, lower case). */
const DEV = /^(dev|development|develop|train|training|trn|build|modell?ing|in[-_ ]?sample|is|开发|开发样本|开发集|建模|建模样本|训练|训练集|训练样本)$/;
/** Values that name a validation sample. */
const VAL = /^(val|valid|validation|test|testing|tst|oot|out[-_ ]?of[-_ ]?time|holdout|hold[-_ ]?out|oos|out[-_ ]?of[-_ ]?sample|验证|验证样本|验证集|测试|测试集|测试样本|跨时间验证)$/;
/** A split column holds at most this many values (e.g. dev / val / oot). */
const MAX_SPLIT_VALUES = 3;

export interface SplitColumn {
  column: string;
  values: { value: string; loans: number }[];
  /** The values read as development; the others are validation. */
  devValues: string[];
}

const normal = (v: string) => v.trim().toLowerCase();
export const isDevValue = (v: string) => DEV.test(normal(v));
export const isValValue = (v: string) => VAL.test(normal(v));

/**
 * The book's own columns that look like a development / validation split: at most three
 * values, at least one naming development (dev, train, 开发, 建模 …) and one naming validation
 * (val, test, oot, 验证, 测试 …).
 */
export function splitColumnsQuery(columns: readonly ColumnInfo[], table = 'loan_facts'): MetricQuery<SplitColumn[]> {
  const text = columns.filter((c) => !CANONICAL.has(c.column) && !c.column.startsWith('_') && /^VARCHAR/.test(c.type));
  if (!text.length) return { needs: [], sql: 'SELECT NULL AS col WHERE FALSE', params: [], shape: () => [] };
  const parts = text.map(
    (c) => `SELECT * FROM (SELECT ? AS col, CAST(${ident(c.column)} AS VARCHAR) AS value, count(*) AS loans FROM ${ident(table)}
  WHERE ${ident(c.column)} IS NOT NULL GROUP BY 2 ORDER BY 2 LIMIT ${MAX_SPLIT_VALUES + 1})`,
  );
  return {
    needs: [],
    sql: parts.join('\nUNION ALL\n'),
    params: text.map((c) => c.column),
    shape: (t) => {
      const byColumn = new Map<string, { value: string; loans: number }[]>();
      for (const r of rows(t)) {
        const list = byColumn.get(String(r.col)) ?? [];
        list.push({ value: String(r.value), loans: Number(r.loans) });
        byColumn.set(String(r.col), list);
      }
      return text.flatMap(({ column }) => {
        const values = (byColumn.get(column) ?? []).sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
        if (values.length < 2 || values.length > MAX_SPLIT_VALUES) return [];
        const devValues = values.filter((v) => isDevValue(v.value)).map((v) => v.value);
        if (!devValues.length || !values.some((v) => isValValue(v.value))) return [];
        return [{ column, values, devValues }];
      });
    },
  };
}
