import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import type { Catalog } from '../../../src/lib/i18n/types';

const dir = 'src/lib/i18n/catalog';

describe('message catalogs', () => {
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    it(`${file} has the same keys in English and Chinese, none empty`, async () => {
      const mod = (await import(`../../../${dir}/${file}`)) as Record<string, Catalog>;
      for (const part of Object.values(mod)) {
        expect(Object.keys(part.zh).sort()).toEqual(Object.keys(part.en).sort());
        for (const text of [...Object.values(part.en), ...Object.values(part.zh)]) expect(text.trim()).not.toBe('');
        for (const [key, en] of Object.entries(part.en)) {
          const placeholders = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
          expect(placeholders(part.zh[key]), key).toEqual(placeholders(en));
        }
      }
    });
  }
});
