import { PROVINCE_CODES, type ProvinceCode, type RescueBaseRecord } from '../../schema/model';
import { startFederation, type Federation } from '../support/federation';
import { INCIDENT_AT, storedMutualAid, WRITE_ENDPOINT } from '../support/mutual-aid-store';
import { expectedInvalid } from '../support/oracle';
import { bearer } from '../support/tokens';

/**
 * Nothing lost in translation (issue 25): through the real gateway, a text that a system can store
 * arrives in it exactly as sent (read back from the simulator's store), and one it cannot store is
 * refused with BAD_USER_INPUT naming the argument and the code points, before anything is written.
 */

const REQUEST = `mutation($input: MutualAidRequestInput!) { requestMutualAid(input: $input) { id clientRequestId } }`;

/** Texts each system can store, with what is easy to lose on the way: spaces at the ends, tab and newline, markup characters. */
const FITS: Record<ProvinceCode, { title: string; contact: string }> = {
  SH: { title: ' 𠮷野家仓库🔥氯气泄漏\t<第二报>\n', contact: ' 王堃 & 张喆 13900000000 ' },
  JS: { title: ' 𠮷野家仓库🔥氯气泄漏\t<第二报> & "更新"\n', contact: " 王堃 & 张喆 '值班' 13900000000 " },
  ZJ: { title: ' 𠮷野家仓库🔥氯气泄漏\t<第二报>\n', contact: ' 王堃 & 张喆 13900000000 ' },
  AH: { title: ' 王堃、张喆：仓库“一号”氯气泄漏\t+1\n', contact: ' 张喆 & 王堃 13800000000 ' },
};

/** A text each system cannot store (for the UTF-8 systems, half a surrogate pair: no character at all). */
const DOES_NOT_FIT: Record<ProvinceCode, { title: string; codePoints: string[] }> = {
  SH: { title: '野家仓库\uD842泄漏', codePoints: ['U+D842'] },
  JS: { title: '野家仓库\uFFFE泄漏', codePoints: ['U+FFFE'] },
  ZJ: { title: '野家仓库\uDFB7泄漏', codePoints: ['U+DFB7'] },
  AH: { title: '𠮷野家仓库🔥氯气泄漏', codePoints: ['U+20BB7', 'U+1F525'] },
};

let fed: Federation;
let run = 0;

beforeAll(async () => {
  fed = await startFederation({ legacyTimeoutMs: 3000 });
}, 60_000);
afterAll(async () => {
  await fed?.close();
});

function baseOf(province: ProvinceCode): RescueBaseRecord {
  const invalid = expectedInvalid(fed.dataset, 'bases', [province]);
  return fed.dataset.bases.find((b) => b.province === province && !invalid.has(b.sourceId) && !invalid.has(b.id) && b.teams.length >= 1 && b.materials.length >= 1)!;
}

function inputFor(province: ProvinceCode, fromProvince: ProvinceCode, text: { title?: string; contact?: string; clientRequestId?: string } = {}) {
  const base = baseOf(province);
  run += 1;
  return {
    clientRequestId: text.clientRequestId ?? `text-${province}-${run}-${Date.now()}`,
    baseId: base.id,
    fromProvince,
    incident: { title: text.title ?? '危化品槽车泄漏', location: INCIDENT_AT[province], occurredAt: '2026-07-12T11:30:00+08:00' },
    teamIds: [base.teams[0].id],
    materials: [{ code: base.materials[0].code, quantity: Math.min(1, base.materials[0].quantity) }],
    contact: text.contact ?? '联络员 13800000000',
  };
}

describe.each(PROVINCE_CODES)('text in a mutual-aid request to %s', (province: ProvinceCode) => {
  const fromProvince = PROVINCE_CODES[(PROVINCE_CODES.indexOf(province) + 1) % PROVINCE_CODES.length];
  let auth: Record<string, string>;

  beforeAll(async () => {
    auth = await bearer({ role: 'province', province: fromProvince });
  });

  /** Refused with BAD_USER_INPUT naming the argument and each code point (in the message and the extensions), the system never called. */
  async function expectRefusedUnwritten(input: ReturnType<typeof inputFor>, argument: string, codePoints: string[] = []): Promise<void> {
    const before = (await storedMutualAid(fed.sims[province])).length;
    fed.resetLegacyCalls();
    const answer = await fed.query<{ requestMutualAid: unknown }>(REQUEST, { input }, auth);
    expect(answer.data?.requestMutualAid ?? null).toBeNull();
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
    for (const codePoint of codePoints) expect(answer.errors?.[0]?.message).toContain(codePoint);
    if (codePoints.length > 0) expect(answer.errors?.[0]?.extensions?.codePoints).toEqual(expect.arrayContaining(codePoints));
    expect(fed.legacyCalls()[province]?.[WRITE_ENDPOINT[province]] ?? 0).toBe(0);
    expect(await storedMutualAid(fed.sims[province])).toHaveLength(before);
  }

  it('stores a text that fits exactly as sent', async () => {
    const input = inputFor(province, fromProvince, FITS[province]);
    const answer = await fed.query<{ requestMutualAid: { id: string } }>(REQUEST, { input }, auth);
    expect(answer.errors).toBeUndefined();
    const stored = (await storedMutualAid(fed.sims[province])).filter((r) => r.clientRequestId === input.clientRequestId);
    expect(stored.map((r) => ({ title: r.title, contact: r.contact }))).toEqual([FITS[province]]);
  });

  it('refuses a text the system cannot store, naming the argument and the code points, and writes nothing', async () => {
    const { title, codePoints } = DOES_NOT_FIT[province];
    await expectRefusedUnwritten(inputFor(province, fromProvince, { title }), 'input.incident.title', codePoints);
  });

  it('refuses control characters other than tab and newline, and writes nothing', async () => {
    await expectRefusedUnwritten(inputFor(province, fromProvince, { contact: '联络员\u0000 13800000000' }), 'input.contact', ['U+0000']);
    await expectRefusedUnwritten(inputFor(province, fromProvince, { title: '泄漏\u0007\r\n' }), 'input.incident.title', ['U+0007', 'U+000D']);
  });

  it('carries a clientRequestId of the longest length (128) exactly, and refuses one longer', async () => {
    const longest = `${province}-${run}-`.padEnd(128, 'x');
    const answer = await fed.query<{ requestMutualAid: { clientRequestId: string } }>(REQUEST, { input: inputFor(province, fromProvince, { clientRequestId: longest }) }, auth);
    expect(answer.errors).toBeUndefined();
    expect((await storedMutualAid(fed.sims[province])).filter((r) => r.clientRequestId === longest)).toHaveLength(1);
    await expectRefusedUnwritten(inputFor(province, fromProvince, { clientRequestId: `${longest}y` }), 'input.clientRequestId');
  });
});
