import type { Readable } from 'node:stream';
import type { HttpTuning } from '../kit/adapter-options';
import { ProvinceUnavailableError } from '../kit/errors';
import { LegacyHttpClient } from '../kit/http';
import { parseManifest, type Manifest } from './manifest';

/**
 * The credit platform's two endpoints over the kit's HTTP client (timeouts, retries honouring
 * Retry-After, breaker), at most 2 downloads at once as the platform allows, HTTP Basic auth.
 */

export interface CreditCredentials {
  user: string;
  password: string;
}

export type ManifestAnswer = { unchanged: true } | { unchanged: false; manifest: Manifest; etag: string | null };

const BASE = '/credit/v1/aqsc';

export class CreditPlatformClient {
  private readonly http: LegacyHttpClient;
  private readonly authorization: string;

  constructor(baseUrl: string, credentials: CreditCredentials, tuning: HttpTuning = {}) {
    this.http = new LegacyHttpClient({ rateLimit: { perSecond: 20, concurrency: 2 }, ...tuning, province: 'CR', baseUrl });
    this.authorization = `Basic ${Buffer.from(`${credentials.user}:${credentials.password}`, 'utf8').toString('base64')}`;
  }

  async manifest(etag: string | null): Promise<ManifestAnswer> {
    const endpoint = `GET ${BASE}/manifest.json`;
    const res = await this.http.request({ method: 'GET', path: `${BASE}/manifest.json`, headers: { authorization: this.authorization, ...(etag ? { 'if-none-match': etag } : {}) }, idempotent: true, endpoint });
    if (res.status === 304) return { unchanged: true };
    this.expectOk(res.status, endpoint);
    try {
      return { unchanged: false, manifest: parseManifest(res.body), etag: res.headers.etag ?? null };
    } catch (e) {
      throw ProvinceUnavailableError.unavailable('CR', `CR ${endpoint}: ${(e as Error).message}`, endpoint, 'answered');
    }
  }

  /**
   * The file's gzip bytes handed to `consume` as they arrive, or null while the platform answers 404
   * for a file it lists (not there yet).
   */
  async download<T>(name: string, consume: (gzip: Readable) => Promise<T>): Promise<T | null> {
    const endpoint = `GET ${BASE}/files/:name`;
    const request = { method: 'GET' as const, path: `${BASE}/files/${encodeURIComponent(name)}`, headers: { authorization: this.authorization }, idempotent: true, endpoint };
    return this.http.stream(request, async (res) => {
      if (res.status !== 200) res.body.resume();
      if (res.status === 404) return null;
      this.expectOk(res.status, endpoint);
      return consume(res.body);
    });
  }

  close(): void {
    this.http.close();
  }

  private expectOk(status: number, endpoint: string): void {
    if (status === 200) return;
    const why = status === 401 ? 'credentials refused (HTTP 401)' : `HTTP ${status}`;
    throw ProvinceUnavailableError.unavailable('CR', `CR ${endpoint}: ${why}`, endpoint, 'answered');
  }
}
