import type { ChangeCriticality, SchemaChange } from './types';

/**
 * Which changes a publish may make only with an approval whose reason is recorded: BREAKING ones
 * (an existing operation stops working) and DANGEROUS ones (it keeps working but may receive what
 * it was not written for, such as a new value of an enum it switches on: contract v1.1's six
 * warning events). SAFE additions publish on their own.
 */
export const NEEDS_APPROVAL: readonly ChangeCriticality[] = ['BREAKING', 'DANGEROUS'];

export function changesNeedingApproval(changes: readonly SchemaChange[]): SchemaChange[] {
  return changes.filter((c) => NEEDS_APPROVAL.includes(c.criticality));
}
