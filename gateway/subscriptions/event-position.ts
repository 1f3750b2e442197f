import { GraphQLError, Kind, type FieldNode, type SelectionSetNode } from 'graphql';
import type { HazmatTransportEntry } from '../../schema/push/feed';
import { eventFields, rootQuery, variableDefinition } from './key-query';
import type { Answer, GatewayExecutor, Subscriber } from './subscriber';
import type { SubscriptionOperation } from './subscription-operation';

/** How far back from an event the latest known point is looked for (events other than ENTERED). */
export const POSITION_LOOKBACK_MS = 2 * 3600_000;

const name = (value: string) => ({ kind: Kind.NAME, value }) as const;
const variable = (value: string) => ({ kind: Kind.VARIABLE, name: name(value) }) as const;
const selections = (...fields: FieldNode[]): SelectionSetNode => ({ kind: Kind.SELECTION_SET, selections: fields });
const field = (fieldName: string, set?: SelectionSetNode, args: FieldNode['arguments'] = []): FieldNode => ({ kind: Kind.FIELD, name: name(fieldName), arguments: args, ...(set ? { selectionSet: set } : {}) });

/** The event's own fields that the gateway resolved per subscriber, by response name, and their errors (paths from the subscription's root). */
export interface ResolvedOwnFields {
  values: Record<string, unknown>;
  errors: GraphQLError[];
}

/**
 * `HazmatTransportEvent.position`, read as a query reads `Vehicle.track`: through the gateway's
 * plan under the subscriber's token, so the catalog (VEHICLE_TRACK, by the plate's province) and
 * the `datum` argument apply exactly as there; the track's FORBIDDEN becomes the position's.
 * ENTERED's point is the first one inside, at the time the feed names; for the other events it is
 * the newest point recorded up to the event.
 */
export class EventPosition {
  constructor(private readonly executor: GatewayExecutor) {}

  async resolve(op: SubscriptionOperation, entry: HazmatTransportEntry, subscriber: Subscriber): Promise<ResolvedOwnFields> {
    const selected = eventFields(op.field.selectionSet as SelectionSetNode, op.fragments).filter((f) => f.name.value === 'position');
    const values: Record<string, unknown> = Object.fromEntries(selected.map((f) => [f.alias?.value ?? f.name.value, null]));
    if (selected.length === 0 || !entry.plate) return { values, errors: [] };
    const to = entry.pointAt ?? entry.at;
    const from = entry.pointAt ?? new Date(Date.parse(entry.at) - POSITION_LOOKBACK_MS).toISOString();
    const alias = (f: FieldNode) => `position_${f.alias?.value ?? f.name.value}`;
    const fields = selected.map(
      (f): FieldNode => ({
        ...field('vehicle', selections(field('track', selections(field('at'), { ...f, alias: name('location'), name: name('location') }), [
          { kind: Kind.ARGUMENT, name: name('from'), value: variable('__from') },
          { kind: Kind.ARGUMENT, name: name('to'), value: variable('__to') },
        ])), [{ kind: Kind.ARGUMENT, name: name('plate'), value: variable('__plate') }]),
        alias: name(alias(f)),
      }),
    );
    const document = rootQuery(op, fields, [variableDefinition('__plate', 'ID'), variableDefinition('__from', 'DateTime'), variableDefinition('__to', 'DateTime')]);
    const answer: Answer = await this.executor.execute(document, { ...op.variables, __plate: entry.plate, __from: from, __to: to }, subscriber, entry.key, op.origin);
    const errors: GraphQLError[] = [];
    for (const f of selected) {
      const responseName = f.alias?.value ?? f.name.value;
      const track = (answer.data?.[alias(f)] as { track?: { at: string; location: unknown }[] | null } | null | undefined)?.track ?? null;
      const point = track && track.length > 0 ? track[track.length - 1] : null;
      values[responseName] = point?.location ?? null;
      for (const e of answer.errors.filter((x) => x.path?.[0] === alias(f))) {
        errors.push(new GraphQLError(e.message, { path: [op.responseName, responseName, ...(e.path?.slice(4) ?? [])], extensions: e.extensions }));
      }
    }
    return { values, errors };
  }
}
