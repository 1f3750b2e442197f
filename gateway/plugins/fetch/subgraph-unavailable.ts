import { GraphQLError } from 'graphql';
import { ErrorCodes } from '../../../schema/error-codes';

/** Subgraphs that stand for a source of data, named in their errors as the provinces are. */
const SOURCE_OF_SUBGRAPH: Readonly<Record<string, string>> = { credit: 'CR' };

/**
 * The error for a fetch to a subgraph that did not answer (or answered 5xx): a source's subgraph is
 * named like a province (`PROVINCE_UNAVAILABLE`, `province: "CR"`) so that callers handle it as
 * the platform being down; any other (region, registry) as `SUBGRAPH_UNAVAILABLE` with its name.
 */
export function subgraphUnavailable(subgraph: string, status: number | null): GraphQLError {
  const why = status === null ? 'did not answer' : `answered HTTP ${status}`;
  const source = SOURCE_OF_SUBGRAPH[subgraph];
  if (source) {
    return new GraphQLError(`${source}: the ${subgraph} subgraph ${why}`, { extensions: { code: ErrorCodes.PROVINCE_UNAVAILABLE, province: source, subgraph } });
  }
  return new GraphQLError(`the ${subgraph} subgraph ${why}`, { extensions: { code: ErrorCodes.SUBGRAPH_UNAVAILABLE, subgraph } });
}
