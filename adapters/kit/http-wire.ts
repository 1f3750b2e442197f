import type { AxiosResponse } from 'axios';

const SECRET_PARAMS = /([?&](?:token|access_token|client_secret|secret|pwd|password|sign|key|api_key)=)[^&#\s]*/gi;

/** A URL (or any text holding one) with its query-string credentials replaced by "***". */
export function redactUrl(url: string): string {
  return url.replace(SECRET_PARAMS, '$1***');
}

export function buildQuery(query: Readonly<Record<string, string | number | undefined>> | undefined): string {
  const pairs = Object.entries(query ?? {})
    .filter((e): e is [string, string | number] => e[1] !== undefined)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  return pairs.length ? `?${pairs.join('&')}` : '';
}

export function flattenHeaders(headers: AxiosResponse['headers']): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || value === null) continue;
    result[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return result;
}

/** The network error's code only: axios errors carry the request config, credentials included. */
export function describeNetworkError(err: unknown): string {
  if (err && typeof err === 'object' && 'code' in err && typeof err.code === 'string') return `connection failed (${err.code})`;
  return 'connection failed';
}
