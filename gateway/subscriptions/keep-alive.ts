/**
 * How often an idle push connection is kept alive: graphql-sse's keep-alive comment on event
 * streams and a WebSocket ping on graphql-ws connections, under the idle timeouts of the proxies
 * between (commonly 30–60 s).
 */
export const KEEP_ALIVE_MS = 12_000;
