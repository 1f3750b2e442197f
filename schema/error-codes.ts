/**
 * Every code that travels in a GraphQL error's `extensions.code`, declared once: adapters raise
 * them, subgraphs and the shard router report them, the gateway's masking lets exactly these pass,
 * the response cache knows which a repeat meets again, and the README's table is printed from here.
 */

interface ErrorCodeInfo {
  /** For the README: when a caller meets it. */
  readonly meaning: string;
  /** A repeat of the request meets it again while the data it read is unchanged. */
  readonly repeatable: boolean;
}

const declared = {
  BAD_USER_INPUT: { meaning: 'An argument is invalid; `argument` names it as a dotted path.', repeatable: true },
  BAD_REQUEST: { meaning: 'The HTTP request itself is malformed (method, headers, body, persisted-query hash).', repeatable: false },
  UNAUTHENTICATED: { meaning: 'The token is missing where required, expired, or fails verification (HTTP 401).', repeatable: false },
  FORBIDDEN: { meaning: 'A conditional field the caller may not see; `entry` names the catalog entry. The field is null.', repeatable: true },
  NOT_FOUND: { meaning: 'A record asked for by key that the system does not hold (or that predates the mutual-aid journal).', repeatable: true },
  OUTSIDE_REGION: { meaning: 'A key (id, adcode, credit code) of no province in the region; answered null without calling anyone.', repeatable: true },
  PROVINCE_UNAVAILABLE: { meaning: 'A province (its subgraph or legacy system) failed; `province` names it, `stale: true` when its last good copy answered.', repeatable: false },
  PROVINCE_TIMEOUT: { meaning: 'A province did not answer in time; as PROVINCE_UNAVAILABLE otherwise.', repeatable: false },
  SUBGRAPH_UNAVAILABLE: { meaning: 'A subgraph that is not a source (region, registry) did not answer; `subgraph` names it. The credit subgraph is named as its source instead: PROVINCE_UNAVAILABLE with `province: "CR"`.', repeatable: false },
  LEGACY_DATA_INVALID: {
    meaning:
      'A record asked for by key (`node`, `warning(id)`, an entity reference) that the legacy system holds but that cannot be mapped to the contract; the field is null and `province`, `sourceId` and `reason` say which and why. Records left out of lists are not errors: connections list them in `invalidRecords`, and `dataQuality` counts them.',
    repeatable: true,
  },
  LEGACY_REJECTED: { meaning: 'The legacy system understood a write and refused it; `legacyCode` carries its own code.', repeatable: false },
  CONFLICT: { meaning: 'A mutual-aid `clientRequestId` already used with other content.', repeatable: false },
  MUTUAL_AID_PENDING: { meaning: 'A mutual-aid request whose outcome is not known yet; repeat after `retryAfterMs`.', repeatable: false },
  JOURNAL_UNAVAILABLE: { meaning: 'The mutual-aid journal (Redis) cannot be written, so nothing was sent.', repeatable: false },
  QUERY_TOO_DEEP: { meaning: 'The operation nests deeper than the limit.', repeatable: false },
  QUERY_TOO_COMPLEX: { meaning: 'The operation exceeds the alias, token or cost limit.', repeatable: false },
  PAYLOAD_TOO_LARGE: { meaning: 'The request body exceeds the limit (HTTP 413).', repeatable: false },
  GRAPHQL_PARSE_FAILED: { meaning: 'The document does not parse.', repeatable: false },
  GRAPHQL_VALIDATION_FAILED: { meaning: 'The document does not validate against the schema.', repeatable: false },
  OPERATION_RESOLUTION_FAILURE: { meaning: 'The operation to run cannot be determined (`operationName`).', repeatable: false },
  INVALID_GRAPHQL: { meaning: 'The request is not a GraphQL request Apollo Server accepts.', repeatable: false },
  PERSISTED_QUERY_NOT_FOUND: { meaning: 'A persisted-query hash this gateway does not know; send the query with it once.', repeatable: false },
  PERSISTED_QUERY_NOT_SUPPORTED: { meaning: 'Persisted queries are not accepted here.', repeatable: false },
  RESUME_TOO_OLD: { meaning: 'A subscription resumed `after` an event that the retention window no longer keeps; `droppedThrough` is the newest dropped id. Subscribe afresh and re-read the state with a query.', repeatable: false },
  TOO_MANY_SUBSCRIPTIONS: { meaning: 'The caller already holds as many concurrent subscriptions as allowed (`limit`).', repeatable: false },
  SUBSCRIBER_TOO_SLOW: { meaning: 'A subscription stream whose connection stopped reading fell more than `maxQueuedEvents` (`SUBSCRIBER_MAX_QUEUED_EVENTS`) events behind and was closed: the last `next` of an SSE stream, then `complete`; graphql-ws closes with 4413. Resume after the last event id received: nothing is lost within the retention window.', repeatable: false },
  WEBHOOK_TARGET_NOT_ALLOWED: { meaning: "A webhook's target whose origin is not on the deployment's allow-list (`WEBHOOK_ALLOWED_TARGETS`); `origin` names it.", repeatable: true },
  WEBHOOK_INVALID: { meaning: "A webhook's registration that cannot be used: a URL that is not http(s), a document that is not one subscription or does not validate, a secret not in its `whsec_` form; `argument` names it.", repeatable: true },
  NO_QUERY_PLAN: { meaning: 'No subgraph can answer the fields the operation selects: the query planner found no fetch for them (a field reachable only through a non-resolvable key). `data` is null.', repeatable: false },
  INTERNAL_SERVER_ERROR: { meaning: 'Anything unexpected; the message is masked and `requestId` finds the cause in the log.', repeatable: false },
} as const satisfies Record<string, ErrorCodeInfo>;

export type ErrorCode = keyof typeof declared;

export const ERROR_CODES: Readonly<Record<ErrorCode, ErrorCodeInfo>> = declared;

/** The codes, as constants: `ErrorCodes.PROVINCE_UNAVAILABLE`. */
export const ErrorCodes = Object.freeze(Object.fromEntries(Object.keys(declared).map((code) => [code, code]))) as { readonly [C in ErrorCode]: C };

/** A province that failed or did not answer in time. */
export type ProvinceFailureCode = typeof ErrorCodes.PROVINCE_UNAVAILABLE | typeof ErrorCodes.PROVINCE_TIMEOUT;

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(declared, value);
}

export function isProvinceFailure(code: unknown): code is ProvinceFailureCode {
  return code === ErrorCodes.PROVINCE_UNAVAILABLE || code === ErrorCodes.PROVINCE_TIMEOUT;
}

/** Codes whose errors a caller may see as they are: every declared code but the masked one. */
export const CALLER_ERROR_CODES: readonly ErrorCode[] = (Object.keys(declared) as ErrorCode[]).filter((code) => code !== ErrorCodes.INTERNAL_SERVER_ERROR);

export const REPEATABLE_ERROR_CODES: ReadonlySet<ErrorCode> = new Set((Object.keys(declared) as ErrorCode[]).filter((code) => declared[code].repeatable));
