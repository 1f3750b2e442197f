import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { beijingDay, snapshotCut, type SanctionVersion } from '../dataset/sanctions';
import { HOUR, isoBeijing } from '../dataset/time';
import { sanctionsListedAt as listAt } from '../dataset/oracle';
import { renderCsv } from './render-csv';

/**
 * Which files the platform lists at a time and what they hold: the latest daily snapshot (cut at
 * 02:00 Beijing) and one delta per hour after it, each holding the versions listed in its hour.
 */

export interface ListedFile {
  name: string;
  kind: 'full' | 'delta';
  after?: string;
  asOf: string;
  rows: number;
  sha256: string;
}

export interface PlatformFile {
  listing: ListedFile;
  /** When it is listed, epoch ms. */
  asOfMs: number;
  gzip: Buffer;
}

const compact = (ms: number, hours: boolean): string => {
  const iso = isoBeijing(ms);
  return iso.slice(0, 10).replace(/-/g, '') + (hours ? iso.slice(11, 13) : '');
};

export class FileCatalogue {
  private readonly built = new Map<string, PlatformFile>();

  constructor(private readonly versions: readonly SanctionVersion[]) {}

  /** Every file listed at `now`: the snapshot first, then the deltas in asOf order. */
  listedAt(now: number): PlatformFile[] {
    const cut = snapshotCut(now);
    const files = [this.file(`aqsc-full-${beijingDay(cut).replace(/-/g, '')}.csv.gz`, cut, () => listAt(this.versions, cut), null)];
    for (let asOf = cut + HOUR; asOf <= now; asOf += HOUR) {
      const after = asOf - HOUR;
      files.push(this.file(`aqsc-delta-${compact(asOf, true)}.csv.gz`, asOf, () => this.versions.filter((v) => !v.gone && v.publishedAt > after && v.publishedAt <= asOf), after));
    }
    return files;
  }

  private file(name: string, asOfMs: number, rows: () => SanctionVersion[], afterMs: number | null): PlatformFile {
    const hit = this.built.get(name);
    if (hit) return hit;
    const versions = rows();
    const gzip = gzipSync(Buffer.from(renderCsv(versions), 'utf8'));
    const listing: ListedFile = {
      name,
      kind: afterMs === null ? 'full' : 'delta',
      ...(afterMs === null ? {} : { after: isoBeijing(afterMs) }),
      asOf: isoBeijing(asOfMs),
      rows: versions.length,
      sha256: createHash('sha256').update(gzip).digest('hex'),
    };
    const file = { listing, asOfMs, gzip };
    this.built.set(name, file);
    return file;
  }
}
