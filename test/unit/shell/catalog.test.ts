import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { en as allEn, type MessageKey } from '../../../src/lib/i18n/catalog';
import { messageVariables } from '../../../src/lib/i18n/fill';

const dir = 'src/lib/i18n/catalog';
const areas = readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
const index = { en: allEn as Record<string, string> };

// The compiler already refuses a Chinese file without exactly the English keys; this also checks the texts.
describe('message catalogs', () => {
  it('are only area folders, each with en.ts and zh.ts', () => {
    expect(readdirSync(dir).filter((f) => f.endsWith('.ts'))).toEqual(['index.ts']);
    for (const area of areas) expect(readdirSync(`${dir}/${area}`).sort(), area).toEqual(['en.ts', 'zh.ts']);
  });

  for (const area of areas) {
    it(`${area} has the same keys in English and Chinese, none empty, the same placeholders`, async () => {
      const { en } = (await import(`../../../src/lib/i18n/catalog/${area}/en.ts`)) as { en: Record<string, string> };
      const { zh } = (await import(`../../../src/lib/i18n/catalog/${area}/zh.ts`)) as { zh: Record<string, string> };
      expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
      for (const text of [...Object.values(en), ...Object.values(zh)]) expect(text.trim()).not.toBe('');
      const placeholders = messageVariables;
      for (const [key, text] of Object.entries(en)) expect(placeholders(zh[key]), key).toEqual(placeholders(text));
      for (const key of Object.keys(en)) expect(index.en[key], `${key} registered in catalog/index.ts`).toBe(en[key]);
    });
  }

  it('no key is defined by two areas', async () => {
    const seen = new Map<string, string>();
    for (const area of areas) {
      const { en } = (await import(`../../../src/lib/i18n/catalog/${area}/en.ts`)) as { en: Record<string, string> };
      for (const key of Object.keys(en)) {
        expect(seen.get(key), `${key} in ${area}`).toBeUndefined();
        seen.set(key, area);
      }
    }
  });

  it('a key that does not exist is a type error (npm run check fails on an unused @ts-expect-error)', () => {
    // @ts-expect-error 'no.such.key' is not a MessageKey
    const key: MessageKey = 'no.such.key';
    expect(key in index.en).toBe(false);
  });
});
