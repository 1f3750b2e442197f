import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, type DocumentNode, type SelectionSetNode } from 'graphql';
import { FORBIDDEN } from '../../../schema/sharing-catalog';
import type { GatewayContext } from '../../context';

/** Per parsed document: Apollo Server hands the same DocumentNode to every request of one query text. */
const answers = new WeakMap<DocumentNode, boolean>();

/** Whether the operation asks for the schema (`__schema` or `__type`; `__typename` is data). */
export function asksForSchema(document: DocumentNode): boolean {
  let asks = answers.get(document);
  if (asks === undefined) answers.set(document, (asks = walkForSchema(document)));
  return asks;
}

function walkForSchema(document: DocumentNode): boolean {
  const seen = (set: SelectionSetNode | undefined): boolean =>
    (set?.selections ?? []).some((s) => {
      if (s.kind === Kind.FIELD) return s.name.value === '__schema' || s.name.value === '__type' || seen(s.selectionSet);
      if (s.kind === Kind.INLINE_FRAGMENT) return seen(s.selectionSet);
      return false;
    });
  return document.definitions.some((d) => (d.kind === Kind.OPERATION_DEFINITION || d.kind === Kind.FRAGMENT_DEFINITION) && seen(d.selectionSet));
}

/**
 * In production (NODE_ENV=production) the schema is not for every caller: introspection is
 * refused except to auditors, who review it. Elsewhere it stays on for development tools.
 */
export function useIntrospectionGate(production: boolean): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, contextValue }) {
          if (!production || contextValue.caller?.role === 'auditor') return;
          if (asksForSchema(document)) {
            throw new GraphQLError('introspection is disabled in production except for auditors', { extensions: { code: FORBIDDEN, http: { status: 403 } } });
          }
        },
      };
    },
  };
}
