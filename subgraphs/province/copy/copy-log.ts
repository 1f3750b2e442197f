import type { LegacyDataIssue } from '../../../adapters/kit/errors';
import type { CopiedRecord, CopyState } from './copy-state';

/** One change to a copy, as a re-sync made it and as the shared copy's change log keeps it. */
export type CopyOp<R> =
  | { put: R }
  | { invalid: LegacyDataIssue }
  | { drop: string }
  | { dropInvalid: string };

/** The state after these changes, in order. */
export function applyOps<R extends CopiedRecord, X>(state: CopyState<R, X>, ops: readonly CopyOp<R>[]): CopyState<R, X> {
  let next = state;
  for (const op of ops) {
    if ('put' in op) next = next.put(op.put);
    else if ('invalid' in op) next = next.putInvalid(op.invalid);
    else if ('drop' in op) next = next.drop(op.drop);
    else next = next.dropInvalid(op.dropInvalid);
  }
  return next;
}
