import { LegacyRejectedError } from '../../../adapters/kit/errors';
import {
  codePointName,
  GBK,
  mutualAidInputTexts,
  refuseUnstorableText,
  storesInputTextsIn,
  unstorableText,
  UTF8_JSON,
  XML_1_0,
  type TextStorage,
} from '../../../adapters/kit/storable-text';
import type { MutualAidRequestInput } from '../../../schema/model';

const input = (patch: Partial<MutualAidRequestInput> = {}, incidentTitle = '危化品槽车泄漏'): MutualAidRequestInput => ({
  clientRequestId: 'crid-1',
  baseId: 'AH:RescueBase:AHJD0001',
  fromProvince: 'JS',
  incident: { title: incidentTitle, location: { lng: 117.27, lat: 31.86 }, occurredAt: '2026-07-12T11:30:00+08:00' },
  teamIds: ['AH:RescueTeam:AHDW0031'],
  materials: [{ code: 'FH-001', quantity: 1 }],
  contact: '王堃 13900000000',
  ...patch,
});
const titled = (title: string): MutualAidRequestInput => input({}, title);

/** A system with a remark of at most 10 characters that carries the clientRequestId. */
const withRemark: TextStorage = {
  charset: UTF8_JSON,
  mutualAidTexts: (i) => [...mutualAidInputTexts(i), { argument: 'input.clientRequestId', text: `crid:${i.clientRequestId}`, limit: { field: 'remark (bz)', maxLength: 10 } }],
};

describe('storable text', () => {
  it('names code points as U+XXXX, at least four digits', () => {
    expect([0x7, 0x1f525, 0x20bb7].map(codePointName)).toEqual(['U+0007', 'U+1F525', 'U+20BB7']);
  });

  it('lets UTF-8 systems store any character, those outside the Basic Multilingual Plane included', () => {
    expect(unstorableText('SH', storesInputTextsIn(UTF8_JSON), titled('𠮷野家仓库🔥氯气泄漏'))).toBeNull();
    expect(unstorableText('JS', storesInputTextsIn(XML_1_0), titled('𠮷野家仓库🔥氯气泄漏\t第二行\n'))).toBeNull();
  });

  it('refuses what GBK lacks, naming each code point once, and keeps what GBK holds beyond GB2312 (堃, 喆)', () => {
    expect(unstorableText('AH', storesInputTextsIn(GBK), titled('王堃、张喆 · 仓库“一号”'))).toBeNull();
    expect(unstorableText('AH', storesInputTextsIn(GBK), titled('𠮷野家仓库🔥氯气🔥泄漏'))).toEqual({
      argument: 'input.incident.title',
      kind: 'characters',
      codePoints: ['U+20BB7', 'U+1F525'],
      message: 'holds characters that the AH system (GBK) cannot store: U+20BB7, U+1F525',
    });
  });

  it('refuses what XML 1.0 cannot carry (U+FFFE, U+FFFF) where JSON could', () => {
    expect(unstorableText('JS', storesInputTextsIn(XML_1_0), titled('a\uFFFEb'))).toMatchObject({ kind: 'characters', codePoints: ['U+FFFE'] });
    expect(unstorableText('SH', storesInputTextsIn(UTF8_JSON), titled('a\uFFFEb'))).toBeNull();
  });

  it.each([
    ['NUL', '\u0000'],
    ['BEL', '\u0007'],
    ['carriage return', '\r'],
    ['DEL', '\u007F'],
    ['a C1 control', '\u0085'],
    ['a lone surrogate', '\uD842'],
  ])('refuses %s for every system, tab and newline being text', (_what, ch) => {
    for (const [province, charset] of [['SH', UTF8_JSON], ['JS', XML_1_0], ['ZJ', UTF8_JSON], ['AH', GBK]] as const) {
      const problem = unstorableText(province, storesInputTextsIn(charset), input({ contact: `李四${ch}13900000000` }));
      expect(problem).toMatchObject({ argument: 'input.contact', kind: 'characters', codePoints: [codePointName(ch.codePointAt(0) as number)] });
    }
    expect(unstorableText('SH', storesInputTextsIn(UTF8_JSON), input({ contact: '李四\t139\n' }))).toBeNull();
  });

  it('checks every text the write sends: ids and material codes too, with their argument', () => {
    const storage = storesInputTextsIn(GBK);
    expect(unstorableText('AH', storage, input({ teamIds: ['AH:RescueTeam:🔥'] }))).toMatchObject({ argument: 'input.teamIds' });
    expect(unstorableText('AH', storage, input({ materials: [{ code: 'FH\u0000', quantity: 1 }] }))).toMatchObject({ argument: 'input.materials' });
    expect(unstorableText('AH', storage, input({ baseId: 'AH:RescueBase:🔥' }))).toMatchObject({ argument: 'input.baseId' });
  });

  it('holds a field to its documented length at the exact boundary, counting characters, not UTF-16 units', () => {
    expect(unstorableText('AH', withRemark, input({ clientRequestId: '12345' }))).toBeNull();
    expect(unstorableText('AH', withRemark, input({ clientRequestId: '123456' }))).toEqual({
      argument: 'input.clientRequestId',
      kind: 'length',
      length: 11,
      maxLength: 10,
      message: "the AH system's remark (bz) holds at most 10 characters; this makes 11",
    });
    expect(unstorableText('AH', withRemark, input({ clientRequestId: '𠮷𠮷𠮷𠮷𠮷' }))).toBeNull();
  });

  it('is what an adapter checks last: a refusal before anything is sent', () => {
    expect(() => refuseUnstorableText('AH', storesInputTextsIn(GBK), titled('🔥'))).toThrow(LegacyRejectedError);
    expect(() => refuseUnstorableText('AH', storesInputTextsIn(GBK), titled('火'))).not.toThrow();
  });
});
