import { PROVINCE_CODES } from '../../schema/model';
import { loadDataset } from '../support/test-dataset';
import { identityCheckChar } from '../../simulators/dataset/crew';
import { hasTransportDetails, RELEASE_AGE_MS, writtenBeforeRelease } from '../../simulators/dataset/waybill-details';

/** The JT/T 617 waybill fields of the 2026 releases in the canonical data set (the oracle). */

const NOW = new Date('2026-07-12T04:00:00Z');
const ds = loadDataset({ seed: 'test', now: NOW, scale: 1 });
const older = ds.waybills.filter((w) => writtenBeforeRelease(w.updatedAt, NOW.getTime()));
const newer = ds.waybills.filter((w) => !writtenBeforeRelease(w.updatedAt, NOW.getTime()));

describe('the waybill fields of the 2026 releases', () => {
  it('records written before the release have none of them; every province holds both forms', () => {
    for (const w of older) expect([w.consignor, w.trailerPlate, w.tankNumber, w.transportPermit, w.crew, w.emergencyPhone]).toEqual([null, null, null, null, null, null]);
    for (const w of newer) expect(hasTransportDetails(w)).toBe(true);
    for (const p of PROVINCE_CODES) {
      expect(older.filter((w) => w.province === p).length).toBeGreaterThan(5);
      expect(newer.filter((w) => w.province === p).length).toBeGreaterThan(20);
    }
    expect(RELEASE_AGE_MS).toBeGreaterThan(0);
  });

  it('the consignor is an enterprise of the data set (one of its sites), under its credit code', () => {
    const sites = new Set(ds.enterprises.map((e) => JSON.stringify({ name: e.name, creditCode: e.creditCode, divisionCode: e.divisionCode })));
    for (const w of newer) expect(sites.has(JSON.stringify(w.consignor))).toBe(true);
  });

  it('some consignors are under a credit sanction, so the join to sanctions has something to find', () => {
    const sanctioned = new Set(ds.sanctions.map((s) => s.record.creditCode));
    expect(newer.filter((w) => sanctioned.has(w.consignor?.creditCode ?? '')).length).toBeGreaterThan(0);
  });

  it('trailer plates end in 挂, several trips share one, and none is a tractor plate', () => {
    const trailers = newer.flatMap((w) => (w.trailerPlate ? [w.trailerPlate] : []));
    expect(trailers.length).toBeGreaterThan(newer.length / 3);
    for (const t of trailers) expect(t).toMatch(/^[沪苏浙皖鲁鄂豫赣][A-Z]\d{4}挂$/);
    expect(new Set(trailers).size).toBeLessThan(trailers.length);
    const tractors = new Set(ds.waybills.map((w) => w.plate));
    for (const t of trailers) expect(tractors.has(t)).toBe(false);
  });

  it('a driver on every trip, an escort on most; certificates shaped like identity numbers with a right check character; mobile phones', () => {
    for (const w of newer) expect(w.crew?.[0].role).toBe('DRIVER');
    expect(newer.filter((w) => w.crew?.some((m) => m.role === 'ESCORT')).length).toBeGreaterThan(newer.length * 0.8);
    const members = newer.flatMap((w) => w.crew ?? []);
    for (const m of members) {
      if (m.qualificationCertificate !== null) {
        expect(m.qualificationCertificate).toMatch(/^\d{17}[\dX]$/);
        expect(identityCheckChar(m.qualificationCertificate.slice(0, 17))).toBe(m.qualificationCertificate[17]);
      }
      if (m.phone !== null) expect(m.phone).toMatch(/^1[3-9]\d{9}$/);
    }
    expect(members.some((m) => m.qualificationCertificate === null)).toBe(true);
    expect(members.some((m) => m.phone === null)).toBe(true);
  });

  it('is the same data set every time', () => {
    const again = loadDataset({ seed: 'test', now: NOW, scale: 1 });
    expect(again.waybills.map((w) => [w.trailerPlate, w.crew])).toEqual(ds.waybills.map((w) => [w.trailerPlate, w.crew]));
  });
});
