import example from '../../../data-samples/packs/bank-a-planted-problems.json';
import bankB from '../../../data-samples/packs/bank-b-rural-shocks.json';
import { parsePackFile, type Pack } from '../metrics/cases/records';

/**
 * The packs that ship with the app. A module of its own so that the build puts them (and the
 * sample loan ids in their steps) in one chunk, which masked and aggregate dashboards leave out.
 */
export const BUNDLED_PACKS: readonly Pack[] = [parsePackFile(JSON.stringify(example)), parsePackFile(JSON.stringify(bankB))];
