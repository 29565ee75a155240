import { describe, expect, it } from 'vitest';
import { psiBand } from '../../../../src/lib/metrics/drivers/psi';

describe('PSI verdict bands', () => {
  it('reads < 0.10 stable, 0.10–0.25 a moderate shift to investigate, ≥ 0.25 shifted', () => {
    expect([0, 0.0999, 0.1, 0.2499, 0.25, 1].map(psiBand)).toEqual([
      'stable', 'stable', 'moderate shift', 'moderate shift', 'significant shift', 'significant shift',
    ]);
  });
});
