import { buildQuery, redactUrl } from '../../../adapters/kit/http-wire';

describe('the wire form of a legacy request', () => {
  it('redactUrl hides tokens, secrets and passwords in query strings', () => {
    expect(redactUrl('http://h/ahyj/api/yjxx/list?token=abc&pageNo=1')).toBe('http://h/ahyj/api/yjxx/list?token=***&pageNo=1');
    expect(redactUrl('/x?pageNo=1&TOKEN=abc')).toBe('/x?pageNo=1&TOKEN=***');
    expect(redactUrl('/oauth?client_secret=s&pwd=p&access_token=t')).toBe('/oauth?client_secret=***&pwd=***&access_token=***');
    expect(redactUrl('/x?tokens=1&pageNo=2')).toBe('/x?tokens=1&pageNo=2');
  });

  it('builds a query string from the defined parameters only, encoded', () => {
    expect(buildQuery({ since: '2026-07-12 08:00:00', pageNo: 2, kssj: undefined })).toBe('?since=2026-07-12%2008%3A00%3A00&pageNo=2');
    expect(buildQuery({})).toBe('');
    expect(buildQuery(undefined)).toBe('');
  });
});
