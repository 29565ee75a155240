import { router } from './router.svelte';

/** Where parameters live: the router (the URL hash) in the app, anything alike in a test. */
export interface ParamSource {
  param(name: string): string | null;
  setParams(changes: Record<string, string | null>, mode?: 'push' | 'replace'): void;
}

/** How a parameter's text reads as a value (undefined: not a valid value) and is written back. */
export interface ParamCodec<T> {
  parse(raw: string): T | undefined;
  format(value: T): string;
}

/**
 * A screen-local URL parameter that knows its default: a missing or invalid value reads as the
 * default, and the default is never written (it removes the parameter), so a copied link holds
 * only what the user chose and restores exactly the view that was on screen.
 */
export interface UrlParam<T> {
  readonly name: string;
  readonly fallback: T;
  /** The value in the URL, or the default. Reactive where the source is (the router is). */
  readonly value: T;
  /** What a parameter text (as the URL or a form field holds it) means: the default when missing or invalid. */
  parse(raw: string | null): T;
  /** The URL change that records `value`, to combine with others in one `setParams`. */
  change(value: T): Record<string, string | null>;
  /** Records `value`; pushing by default, so that Back undoes the choice. */
  set(value: T, mode?: 'push' | 'replace'): void;
}

export function urlParam<T>(name: string, fallback: T, codec: ParamCodec<T>, source: ParamSource = router): UrlParam<T> {
  const parse = (raw: string | null): T => (raw === null || raw === '' ? fallback : (codec.parse(raw) ?? fallback));
  const change = (value: T): Record<string, string | null> => {
    if (value === null || value === undefined || value === fallback) return { [name]: null };
    const text = codec.format(value);
    return { [name]: text === '' || codec.parse(text) === fallback ? null : text };
  };
  return {
    name,
    fallback,
    get value() {
      return parse(source.param(name));
    },
    parse,
    change,
    set: (value, mode = 'push') => source.setParams(change(value), mode),
  };
}

/** One of a fixed list of words. */
export function oneOf<T extends string>(allowed: readonly T[]): ParamCodec<T> {
  return { parse: (raw) => ((allowed as readonly string[]).includes(raw) ? (raw as T) : undefined), format: String };
}

/** A number within [min, max] (only whole ones when `whole`). */
export function numberIn(min: number, max: number, whole = false): ParamCodec<number> {
  return {
    parse: (raw) => {
      const n = Number(raw);
      return Number.isFinite(n) && (!whole || Number.isInteger(n)) && n >= min && n <= max ? n : undefined;
    },
    format: String,
  };
}

/** A whole number within [min, max]. */
export const wholeNumber = (min: number, max: number) => numberIn(min, max, true);

/** A column name (letters, digits, underscore), e.g. a dimension. */
export const columnName: ParamCodec<string> = { parse: (raw) => (/^\w+$/.test(raw) ? raw : undefined), format: String };

/** Free text (an id, a search), null when absent. */
export const text: ParamCodec<string | null> = { parse: (raw) => raw, format: (value) => value ?? '' };

export type ParamValues<P> = { readonly [K in keyof P]: P[K] extends UrlParam<infer T> ? T : never };

/** The current values of a screen's parameters, as plain (reactive) properties. */
export function valuesOf<P extends Record<string, UrlParam<unknown>>>(params: P): ParamValues<P> {
  const values = {};
  for (const [key, param] of Object.entries(params)) Object.defineProperty(values, key, { get: () => param.value, enumerable: true });
  return values as ParamValues<P>;
}

/** Writes several parameters' changes as one history entry. */
export function setParams(changes: readonly Record<string, string | null>[], mode: 'push' | 'replace' = 'push', source: ParamSource = router): void {
  source.setParams(Object.assign({}, ...changes), mode);
}
