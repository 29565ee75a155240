export type Locale = 'en' | 'zh';
export const LOCALES: readonly Locale[] = ['en', 'zh'];

/** One language's messages for an area, with exactly the keys of that area's English file. */
export type Messages<English> = { readonly [K in keyof English]: string };
