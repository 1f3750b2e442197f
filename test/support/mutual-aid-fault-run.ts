import type { FaultSettings } from '../../simulators/common/faults';
import type { ProvinceCode, RescueBaseRecord } from '../../schema/model';
import type { Federation } from './federation';
import { storedMutualAid, type StoredRequest } from './mutual-aid-store';
import { expectedInvalid } from './oracle';
import { bearer } from './tokens';

/**
 * A fault run of a fixed number of mutual-aid writes against one province, through the real
 * gateway. It ends when every request is settled, however long a loaded machine takes for that.
 *
 * Clients send requests (some of them deliberately over the stock) and repeat each one with the
 * same clientRequestId until they get a definite answer, as the contract tells them to; a quarter
 * of the requests are sent as three concurrent copies, and every request is repeated once more
 * after it succeeded. Meanwhile the system's mutual-aid endpoints cycle through faults: answers
 * lost after the system committed (held past the adapter's time-out, or reset), connections reset
 * before it did, no answer at all, 5xx, slow answers, answers slower than the time-out (the write
 * arrives after the client gave up), and quiet spells.
 */

export interface FaultRunOptions {
  province: ProvinceCode;
  /** Distinct clientRequestIds. */
  requests: number;
  /** Share of them asking for more than the stock (to be refused). */
  invalidShare: number;
  /** Requests in flight at once. */
  workers: number;
  /** Faults are injected for at least this long (ms) and until at least faultRequests requests were sent; clients then finish on a healthy system. */
  faultMs: number;
  faultRequests: number;
  /** A hang guard (ms from the start): a request still unsettled then is given up, and counted unsettled. Only a hang comes near it. */
  capMs: number;
  /** The adapters' per-attempt time-out the federation was started with. */
  legacyTimeoutMs: number;
  /** The system's mutual-aid path prefixes that faults apply to. */
  paths: string[];
}

export type Outcome = 'created' | 'refused' | 'unsettled';

export interface FaultRunFigures {
  province: ProvinceCode;
  /** GraphQL requests sent to the gateway. */
  requestsSent: number;
  clientRequestIds: number;
  /** Requests within the stock: each must end created. */
  valid: number;
  createdToldClient: number;
  refusedToldClient: number;
  unsettled: number;
  /** Answers by kind: data, or the error code. */
  answers: Record<string, number>;
  /** Fault phases the system went through. */
  phases: Record<string, number>;
  /** In the system's store afterwards. */
  storedForCreated: number;
  storedForRefused: number;
  /** Everything the system created during the run. */
  storedTotal: number;
  duplicatesFound: number;
  /** A clientRequestId answered with two different ids. */
  inconsistentAnswers: number;
  elapsedMs: number;
}

const MUTATION = `mutation($input: MutualAidRequestInput!) { requestMutualAid(input: $input) { id clientRequestId status } }`;

const DEFINITE_REFUSALS = new Set(['BAD_USER_INPUT', 'LEGACY_REJECTED', 'CONFLICT', 'FORBIDDEN']);

function phasesFor(timeoutMs: number): [string, Partial<FaultSettings>][] {
  return [
    ['time-out after commit', { lostAnswerRate: 0.35, timeoutHoldMs: timeoutMs + 300 }],
    ['reset after commit', { lostAnswerRate: 0.35, timeoutHoldMs: 20 }],
    ['reset before commit (down)', { down: true }],
    ['no answer before commit', { timeoutRate: 0.3, timeoutHoldMs: timeoutMs + 300 }],
    ['5xx', { errorRate: 0.35 }],
    ['slow answers', { latencyMs: Math.round(timeoutMs * 0.5) }],
    ['answers after the time-out', { latencyMs: timeoutMs + 300 }],
    ['quiet', {}],
  ];
}

function usableBases(fed: Federation, province: ProvinceCode): RescueBaseRecord[] {
  const invalid = expectedInvalid(fed.dataset, 'bases', [province]);
  return fed.dataset.bases.filter((b) => b.province === province && !invalid.has(b.sourceId) && !invalid.has(b.id) && b.teams.length > 0 && b.materials.length > 0);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runMutualAidFaultRun(fed: Federation, options: FaultRunOptions): Promise<FaultRunFigures> {
  const { province } = options;
  const sim = fed.sims[province];
  const started = Date.now();
  const fromProvince: ProvinceCode = province === 'SH' ? 'JS' : 'SH';
  const auth = await bearer({ role: 'province', province: fromProvince });
  const bases = usableBases(fed, province);
  const runTag = `${province}-${started.toString(36)}`;
  const before = new Set((await storedMutualAid(sim)).map((r) => r.sourceId));

  const answers: Record<string, number> = {};
  const phases: Record<string, number> = {};
  let requestsSent = 0;
  const count = (kind: string) => (answers[kind] = (answers[kind] ?? 0) + 1);

  const schedule = phasesFor(options.legacyTimeoutMs);
  let phase = 0;
  const applyPhase = () => {
    if (Date.now() - started >= options.faultMs && requestsSent >= options.faultRequests) {
      clearInterval(driver);
      sim.faults.reset();
      return;
    }
    const [name, settings] = schedule[phase % schedule.length];
    phase += 1;
    phases[name] = (phases[name] ?? 0) + 1;
    sim.faults.reset();
    sim.faults.set({ ...settings, paths: options.paths });
  };
  applyPhase();
  const driver = setInterval(applyPhase, 300);

  interface Tracked {
    clientRequestId: string;
    valid: boolean;
    outcome: Outcome;
    ids: Set<string>;
  }
  const tracked: Tracked[] = Array.from({ length: options.requests }, (_, i) => ({
    clientRequestId: `fault-${runTag}-${i}`,
    valid: (i * 7919) % 100 >= options.invalidShare * 100,
    outcome: 'unsettled' as Outcome,
    ids: new Set<string>(),
  }));

  const send = async (input: Record<string, unknown>): Promise<{ id: string | null; code: string | null; retryAfterMs: number | null }> => {
    requestsSent += 1;
    try {
      const answer = await fed.query<{ requestMutualAid: { id: string } | null }>(MUTATION, { input }, auth);
      const id = answer.data?.requestMutualAid?.id ?? null;
      if (id) {
        count('data');
        return { id, code: null, retryAfterMs: null };
      }
      const error = answer.errors?.[0];
      const code = String(error?.extensions?.code ?? `HTTP ${answer.status}`);
      count(code);
      const retryAfter = error?.extensions?.retryAfterMs;
      return { id: null, code, retryAfterMs: typeof retryAfter === 'number' ? retryAfter : null };
    } catch {
      count('no answer from the gateway');
      return { id: null, code: 'NETWORK', retryAfterMs: null };
    }
  };

  const settle = async (t: Tracked, index: number): Promise<void> => {
    const base = bases[index % bases.length];
    const stock = base.materials[0];
    const input = {
      clientRequestId: t.clientRequestId,
      baseId: base.id,
      fromProvince,
      incident: { title: `故障演练 ${index}`, location: { lng: 118.5 + (index % 50) / 100, lat: 31.2 }, occurredAt: '2026-07-12T11:30:00+08:00' },
      teamIds: [base.teams[index % base.teams.length].id],
      materials: [{ code: stock.code, quantity: t.valid ? Math.min(1, stock.quantity) : stock.quantity + 1 }],
      contact: '值班室',
    };
    const copies = index % 4 === 0 ? 3 : 1;
    while (t.outcome === 'unsettled' && Date.now() - started < options.capMs) {
      const results = await Promise.all(Array.from({ length: copies }, () => send(input)));
      for (const r of results) {
        if (r.id) {
          t.ids.add(r.id);
          t.outcome = 'created';
        } else if (r.code && DEFINITE_REFUSALS.has(r.code) && t.outcome !== 'created') {
          t.outcome = 'refused';
        }
      }
      if (t.outcome === 'unsettled') {
        const wait = Math.max(...results.map((r) => r.retryAfterMs ?? 0));
        await sleep(Math.min(Math.max(wait, 50 + (index % 5) * 20), 3000));
      }
    }
    if (t.outcome === 'created') {
      const again = await send(input);
      if (again.id) t.ids.add(again.id);
    }
  };

  let next = 0;
  await Promise.all(
    Array.from({ length: options.workers }, async () => {
      while (next < tracked.length) {
        const i = next++;
        await settle(tracked[i], i);
      }
    }),
  );
  clearInterval(driver);
  sim.faults.reset();

  const stored: StoredRequest[] = (await storedMutualAid(sim)).filter((r) => !before.has(r.sourceId));
  const byCrid = new Map<string, StoredRequest[]>();
  for (const r of stored) {
    const key = r.clientRequestId ?? '(none)';
    byCrid.set(key, [...(byCrid.get(key) ?? []), r]);
  }
  const created = tracked.filter((t) => t.outcome === 'created');
  const refused = tracked.filter((t) => t.outcome === 'refused');
  return {
    province,
    requestsSent,
    clientRequestIds: tracked.length,
    valid: tracked.filter((t) => t.valid).length,
    createdToldClient: created.length,
    refusedToldClient: refused.length,
    unsettled: tracked.filter((t) => t.outcome === 'unsettled').length,
    answers,
    phases,
    storedForCreated: created.filter((t) => {
      const held = byCrid.get(t.clientRequestId) ?? [];
      return held.length === 1 && t.ids.size === 1 && [...t.ids][0] === `${province}:MutualAidRequest:${held[0].sourceId}`;
    }).length,
    storedForRefused: refused.reduce((n, t) => n + (byCrid.get(t.clientRequestId)?.length ?? 0), 0),
    storedTotal: stored.length,
    duplicatesFound: [...byCrid.values()].filter((list) => list.length > 1).length,
    inconsistentAnswers: tracked.filter((t) => t.ids.size > 1).length,
    elapsedMs: Date.now() - started,
  };
}
