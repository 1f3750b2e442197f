import { share } from '../../../../subgraphs/province/copy/shared-values';
import { loadDataset } from '../../../support/test-dataset';
import { DATASET_NOW } from '../../../fixtures/dataset-adapter';

describe('shared values', () => {
  const dataset = loadDataset({ seed: 'test', now: DATASET_NOW, scale: 1 });

  it('keeps every record equal, field by field, as it comes from a system or back from the shared cache', () => {
    for (const list of [dataset.warnings, dataset.enterprises, dataset.waybills, dataset.bases]) {
      for (const record of list) {
        const json = JSON.stringify(record);
        expect(JSON.stringify(share(JSON.parse(json) as object))).toBe(json);
        expect(JSON.stringify(share(structuredClone(record)))).toBe(json);
      }
    }
  });

  it('keeps a part that repeats whole once: equal materials lines and parks are one object across records', () => {
    const bases = dataset.bases.map((b) => share(structuredClone(b)));
    const lines = new Map<string, object>();
    let repeated = 0;
    for (const b of bases) {
      for (const m of b.materials) {
        const key = JSON.stringify(m);
        const held = lines.get(key);
        if (held) {
          expect(m).toBe(held);
          repeated++;
        } else lines.set(key, m);
      }
    }
    expect(repeated).toBeGreaterThan(0);
    const parks = dataset.enterprises.filter((e) => e.park).map((e) => share(JSON.parse(JSON.stringify(e)) as typeof e).park);
    const first = parks[0];
    expect(parks.filter((p) => JSON.stringify(p) === JSON.stringify(first)).every((p) => p === first)).toBe(true);
  });

  it('makes a unique field equal to the source id that one string, and leaves other unique fields alone', () => {
    const waybill = share(structuredClone(dataset.waybills[0]));
    expect(waybill.number).toBe(waybill.sourceId);
    expect(waybill.id).toBe(dataset.waybills[0].id);
  });
});
