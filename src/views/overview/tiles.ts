import type { OverviewFigureKey } from '../../lib/metrics/portfolio/overview';

export type TileFormat = 'count' | 'compact' | 'rate' | 'share';

export interface TileDef {
  key: OverviewFigureKey;
  format: TileFormat;
  note?: string;
}

/** The headline tiles in reading order: size, quality, loss, structure, provisioning. */
export const TILES: readonly TileDef[] = [
  { key: 'loans', format: 'count' },
  { key: 'borrowers', format: 'count' },
  { key: 'outstandingBalance', format: 'compact' },
  { key: 'averageLoanAmount', format: 'compact', note: 'overview.note.average' },
  { key: 'weightedInterestRate', format: 'rate', note: 'overview.note.rate' },
  { key: 'nplRatioBalance', format: 'rate', note: 'overview.note.nplBalance' },
  { key: 'nplRatioCount', format: 'rate', note: 'overview.note.nplCount' },
  { key: 'defaultRate', format: 'rate', note: 'overview.note.default' },
  { key: 'chargeOffRate', format: 'rate', note: 'overview.note.chargeOff' },
  { key: 'recoveryRate', format: 'rate', note: 'overview.note.recovery' },
  { key: 'inclusiveBalanceShare', format: 'share', note: 'overview.note.inclusiveShare' },
  { key: 'inclusiveNplRatio', format: 'rate' },
  { key: 'expectedLoss', format: 'compact', note: 'overview.note.el' },
  { key: 'provisionCoverage', format: 'share', note: 'overview.note.provision' },
  { key: 'loanProvisionRatio', format: 'rate', note: 'overview.note.provisionRatio' },
];

