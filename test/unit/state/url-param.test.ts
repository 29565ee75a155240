import './browser-globals';
import { describe, expect, it } from 'vitest';
import { columnName, numberIn, oneOf, setParams, text, urlParam, wholeNumber, type ParamSource } from '../../../src/lib/state/url-param';

/** A URL query as the router keeps it, with the history writes recorded. */
function fakeUrl(query = ''): ParamSource & { query: () => string; writes: string[] } {
  let params = new URLSearchParams(query);
  const writes: string[] = [];
  return {
    param: (name) => params.get(name),
    setParams(changes, mode = 'replace') {
      const next = new URLSearchParams(params);
      for (const [k, v] of Object.entries(changes)) {
        if (v === null || v === '') next.delete(k);
        else next.set(k, v);
      }
      params = next;
      writes.push(mode);
    },
    query: () => params.toString(),
    writes,
  };
}

describe('a URL parameter that knows its default', () => {
  it('reads the default when the parameter is missing, empty or not valid', () => {
    for (const query of ['', 'dim=', 'dim=no%20spaces;', 'other=x']) {
      expect(urlParam('dim', 'industry', columnName, fakeUrl(query)).value, query).toBe('industry');
    }
    expect(urlParam('dim', 'industry', columnName, fakeUrl('dim=branch')).value).toBe('branch');
  });

  it('never writes the default: choosing it removes the parameter', () => {
    const url = fakeUrl('dim=branch&f=industry%3AC');
    const dim = urlParam('dim', 'industry', columnName, url);
    dim.set('industry');
    expect(url.query()).toBe('f=industry%3AC');
    dim.set('region');
    expect(url.query()).toBe('f=industry%3AC&dim=region');
    expect(dim.value).toBe('region');
  });

  it('pushes a choice by default, so that Back undoes it, and replaces on request', () => {
    const url = fakeUrl();
    const tab = urlParam('tab', 'build', oneOf(['build', 'scores'] as const), url);
    tab.set('scores');
    tab.set('build', 'replace');
    expect(url.writes).toEqual(['push', 'replace']);
  });

  it('treats a text that means the default as the default (numbers)', () => {
    const url = fakeUrl();
    const n = urlParam('n', 3, wholeNumber(1, 50), url);
    expect(n.change(n.parse('3'))).toEqual({ n: null });
    expect(n.change(n.parse('03'))).toEqual({ n: null });
    expect(n.change(n.parse('99'))).toEqual({ n: null });
    expect(n.change(n.parse('7'))).toEqual({ n: '7' });
    const days = urlParam('insp', 90, numberIn(0, 3650), url);
    expect(days.parse('-1')).toBe(90);
    expect(days.parse('2.5')).toBe(2.5);
  });

  it('keeps an optional text parameter only while it has a value', () => {
    const url = fakeUrl('model=m1');
    const model = urlParam('model', null, text, url);
    expect(model.value).toBe('m1');
    model.set(null);
    expect(url.query()).toBe('');
    expect(model.value).toBeNull();
  });

  it('writes several choices as one history entry', () => {
    const url = fakeUrl('tab=scores');
    const tab = urlParam('tab', 'build', oneOf(['build', 'scores'] as const), url);
    const model = urlParam('model', null, text, url);
    setParams([tab.change('build'), model.change('m2')], 'push', url);
    expect(url.query()).toBe('model=m2');
    expect(url.writes).toEqual(['push']);
  });
});
