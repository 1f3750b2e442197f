import { PROVINCE_CODES } from '../../schema/model';
import type { Json } from './json';
import type { ShardPart } from './merge';

/** The provinces' lists one after another, in the order of the parts (province order). */
export function concatenated(parts: readonly ShardPart[]): Json[] {
  return parts.flatMap((p) => (Array.isArray(p.value) ? p.value : []));
}

/** The values of a provinces argument (e.g. dataQuality's `sources`) that name no province (nor one of `others`): refused, never silently dropped. */
export function unknownSources(asked: unknown, others: readonly string[] = []): string[] {
  if (!Array.isArray(asked)) return [];
  return asked.filter((s) => !(PROVINCE_CODES as readonly unknown[]).includes(s) && !others.includes(s)).map(String);
}
