import { createHash } from 'node:crypto';
import type { SchemaVersionRecord } from './types';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** JSON with object keys sorted and no whitespace, so equal content always hashes equal. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value as Json));
}

function sortKeys(value: Json): Json {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: { [key: string]: Json } = {};
    for (const key of Object.keys(value).sort()) {
      const v = value[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** sha256 over the canonical JSON of everything in the version except its own hash. */
export function versionHash(version: Omit<SchemaVersionRecord, 'hash'>): string {
  const { number, previousHash, createdAt, publishedBy, subgraphs, supergraphSdl, apiSchemaSdl, changes, approval, rollbackOf } = version;
  return sha256(canonicalJson({ number, previousHash, createdAt, publishedBy, subgraphs, supergraphSdl, apiSchemaSdl, changes, approval, rollbackOf }));
}
