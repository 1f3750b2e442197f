import type { ProvinceCode } from '../../schema/model';
import { PROVINCE_ADCODE } from './geography';
import type { Rng } from './prng';

/** Record ids exactly as each legacy system writes them. */

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

export function enterpriseSourceId(province: ProvinceCode, n: number): string {
  switch (province) {
    case 'SH': return `SHE-${pad(n, 6)}`;
    case 'JS': return `JSE${pad(n, 5)}`;
    case 'ZJ': return `ZJQY-${pad(n, 4)}`;
    case 'AH': return `AHQY${pad(n, 6)}`;
  }
}

export function baseSourceId(province: ProvinceCode, n: number): string {
  switch (province) {
    case 'SH': return `SHB-${pad(n, 4)}`;
    case 'JS': return `JSB${pad(n, 4)}`;
    case 'ZJ': return `ZJJD-${pad(n, 3)}`;
    case 'AH': return `AHJD${pad(n, 4)}`;
  }
}

export function teamSourceId(province: ProvinceCode, n: number): string {
  switch (province) {
    case 'SH': return `SHT-${pad(n, 4)}`;
    case 'JS': return `JST${pad(n, 4)}`;
    case 'ZJ': return `ZJDW-${pad(n, 4)}`;
    case 'AH': return `AHDW${pad(n, 4)}`;
  }
}

/**
 * A warning's id from its issue day and that day's serial number; Zhejiang's also names the
 * issuing city (330000 for the province's own issuers). Anhui's are integers.
 */
export function warningSourceId(province: ProvinceCode, day: string, serial: number, issuerCity: string): string {
  switch (province) {
    case 'SH': return `SHW-${day}-${pad(serial, 4)}`;
    case 'JS': return `JSW${day}${pad(serial, 5)}`;
    case 'ZJ': return `ZJYJ-${issuerCity}-${day}-${pad(serial, 3)}`;
    case 'AH': return `${day}${pad(serial, 3)}`;
  }
}

/** "YD" + the province's adcode + yyyyMMdd + a 4-digit serial of the day. */
export function waybillNumber(province: ProvinceCode, day: string, serial: number): string {
  return `YD${PROVINCE_ADCODE[province]}${day}${pad(serial, 4)}`;
}

export function mutualAidSourceId(province: ProvinceCode, day: string, serial: number): string {
  switch (province) {
    case 'SH': return `SHR-${day}-${pad(serial, 4)}`;
    case 'JS': return `JSSQ${day}${pad(serial, 5)}`;
    case 'ZJ': return `ZJZYQQ-${day}-${pad(serial, 3)}`;
    case 'AH': return `AHQQ${pad(serial, 6)}`;
  }
}

/** Serial numbers as a system hands them out: increasing, with gaps where records were deleted. */
export class Serial {
  private n: number;

  constructor(start = 0) {
    this.n = start;
  }

  next(rng: Rng, maxGap = 2): number {
    this.n += rng.chance(0.2) ? rng.int(2, maxGap + 1) : 1;
    return this.n;
  }
}

/** One serial per key (a day, or a city and a day). */
export class DailySerials {
  private readonly serials = new Map<string, Serial>();

  next(rng: Rng, key: string): number {
    let s = this.serials.get(key);
    if (!s) {
      s = new Serial(rng.int(0, 3));
      this.serials.set(key, s);
    }
    return s.next(rng);
  }
}
