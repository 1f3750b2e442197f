import { parseBeijingTime } from '../../../adapters/kit/beijing-time';
import { CODE_TABLES } from '../../../adapters/kit/code-tables';
import { isValidCreditCode } from '../../../adapters/kit/credit-code';
import { LegacyDataInvalidError } from '../../../adapters/kit/errors';
import { afterEachTest, bad, type Coll, COLLECTION_PATHS, dataset, type Json, list, listAll, setUp, sh, tearDown } from './harness';

beforeAll(setUp);
afterAll(tearDown);
afterEach(afterEachTest);

describe('quirks, on a deterministic minority of records', () => {
  it('write the abolished 310108 for 310106 in some warnings districts, nothing else changed', async () => {
    const items = await listAll('/api/v2/warnings');
    let abolished = 0;
    let kept = 0;
    for (const w of sh(dataset.warnings)) {
      const districts = (items.find((i) => i.id === w.sourceId) as Json).districts as string[];
      expect(districts.map((d) => (d === '310108' ? '310106' : d))).toEqual(w.areaCodes);
      if (districts.includes('310108')) abolished++;
      else if (w.areaCodes.includes('310106')) kept++;
    }
    expect(abolished).toBeGreaterThan(0);
    expect(kept).toBeGreaterThan(0);
  });

  it('carry reserveTon and kg as exact strings on some records', async () => {
    const enterprises = await listAll('/api/v2/hazmat/enterprises');
    const waybills = await listAll('/api/v2/hazmat/waybills');
    const strings = { reserveTon: 0, kg: 0 };
    for (const e of sh(dataset.enterprises)) {
      const item = enterprises.find((i) => i.id === e.sourceId) as Json;
      (item.chemicals as Json[]).forEach((c, i) => {
        if (typeof c.reserveTon === 'string') strings.reserveTon++;
        expect(Number(c.reserveTon)).toBe(e.chemicals[i].tonnes);
      });
    }
    for (const w of sh(dataset.waybills)) {
      const item = waybills.find((i) => i.waybillNo === w.sourceId) as Json;
      (item.goods as Json[]).forEach((g, i) => {
        if (typeof g.kg === 'string') strings.kg++;
        expect(Number(g.kg)).toBe(w.goods[i].kilograms);
      });
    }
    expect(strings.reserveTon).toBeGreaterThan(0);
    expect(strings.kg).toBeGreaterThan(0);
    const allChemicals = sh(dataset.enterprises).flatMap((e) => e.chemicals).length;
    expect(strings.reserveTon).toBeLessThan(allChemicals / 2);
  });

  it('write some plates with the middle dot, which is not part of the plate', async () => {
    const items = await listAll('/api/v2/hazmat/waybills');
    const dotted = items.filter((i) => String(i.plate).includes('·'));
    expect(dotted.length).toBeGreaterThan(0);
    expect(dotted.length).toBeLessThan(items.length / 2);
    for (const w of sh(dataset.waybills)) {
      const item = items.find((i) => i.waybillNo === w.sourceId) as Json;
      expect(String(item.plate).replace('·', '')).toBe(w.plate);
    }
  });

  it('write a site without a position as null or 0,0, and every other position exactly (WGS-84)', async () => {
    const items = await listAll('/api/v2/hazmat/enterprises');
    const shapes = new Set<string>();
    for (const e of sh(dataset.enterprises)) {
      const loc = (items.find((i) => i.id === e.sourceId) as Json).location;
      if (e.location === null) {
        shapes.add(JSON.stringify(loc));
        expect([null, { lng: 0, lat: 0 }]).toContainEqual(loc);
      } else {
        expect(loc).toEqual(e.location);
      }
    }
    expect(shapes).toEqual(new Set(['null', '{"lng":0,"lat":0}']));
  });
});

describe('records the system holds broken', () => {
  it('render each bad record of the data set corrupted as its defect says', async () => {
    expect(new Set(bad.map((b) => b.defect)).size).toBeGreaterThanOrEqual(3);
    for (const b of bad) {
      const items = (await list(`${COLLECTION_PATHS[b.collection]}?ids=${b.record.sourceId}`)).items;
      expect(items).toHaveLength(1);
      const item = items[0];
      switch (b.defect) {
        case 'INVALID_CREDIT_CODE': {
          const name = { warnings: '', enterprises: 'creditCode', waybills: 'carrierCreditCode', bases: 'creditCode' }[b.collection];
          const code = String(item[name]);
          expect(code).toHaveLength(18);
          expect(isValidCreditCode(code)).toBe(false);
          break;
        }
        case 'UNKNOWN_CODE': {
          const decoders: Record<Coll, () => unknown> = {
            warnings: () => CODE_TABLES.SH.event.decode(item.type as string),
            enterprises: () => CODE_TABLES.SH.majorHazardGrade.decode(item.hazardLevel as string),
            waybills: () => CODE_TABLES.SH.waybillStatus.decode(item.status as string),
            bases: () => CODE_TABLES.SH.baseLevel.decode(item.level as string),
          };
          expect(decoders[b.collection]).toThrow(LegacyDataInvalidError);
          break;
        }
        case 'MISSING_FIELD': {
          const name = { warnings: 'title', enterprises: 'name', waybills: 'plate', bases: 'name' }[b.collection];
          expect(item).not.toHaveProperty(name);
          break;
        }
        case 'UNPARSEABLE_TIME': {
          const name = b.collection === 'warnings' ? 'publishTime' : 'updatedAt';
          expect(() => parseBeijingTime(item[name] as string)).toThrow(LegacyDataInvalidError);
          expect(Number.isNaN(Date.parse(item[name] as string))).toBe(true);
          break;
        }
      }
    }
  });
});
