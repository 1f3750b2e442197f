import { MUTUAL_AID_STATUSES, type MutualAidStatus } from '../../schema/model';
import type { Route } from './sim-server';

/**
 * POST /__sim/mutual-aid/status `{"sourceId", "status"}`: a base's operators acting on a request
 * (accepting, dispatching…), so that status reads have something to follow.
 */
export function mutualAidStatusRoute(setStatus: (sourceId: string, status: MutualAidStatus) => unknown): Route {
  const json = (status: number, value: unknown) => ({ status, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(value) });
  return {
    method: 'POST',
    pattern: '/__sim/mutual-aid/status',
    handler: (req) => {
      const body = JSON.parse(req.body.toString('utf8') || '{}') as { sourceId?: unknown; status?: unknown };
      if (typeof body.sourceId !== 'string' || !(MUTUAL_AID_STATUSES as readonly unknown[]).includes(body.status)) {
        return json(400, { error: `need {"sourceId", "status": one of ${MUTUAL_AID_STATUSES.join(', ')}}` });
      }
      const changed = setStatus(body.sourceId, body.status as MutualAidStatus);
      return changed ? json(200, changed) : json(404, { error: 'no such request' });
    },
  };
}
