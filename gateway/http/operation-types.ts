import type { IncomingHttpHeaders } from 'node:http';
import { Kind, parse, type DocumentNode } from 'graphql';
import { LRUCache } from 'lru-cache';

export type OperationType = 'query' | 'mutation' | 'subscription' | 'unknown';

/** A JSON POST as received: its bytes, its parsed body and its headers. */
export interface ReceivedRequest {
  /** The HTTP body as received: a sharing key holds these bytes, not a normalised form. */
  rawBody: string;
  body: unknown;
  headers: IncomingHttpHeaders;
}

/** A header's value as one string ('' when absent). */
export function headerText(value: string | string[] | undefined): string {
  return Array.isArray(value) ? value.join(', ') : (value ?? '');
}

const SEPARATOR = '\u0000';

/**
 * The type of operation a GraphQL request body asks for, before Apollo Server sees it: what may be
 * shared or reused (queries) and what may not. Each query text is parsed once. A persisted query
 * sent by hash alone is known once Apollo Server has resolved that hash to its text (`learnPersisted`).
 */
export class OperationTypes {
  private readonly byText: LRUCache<string, Map<string, OperationType>>;
  private readonly byHash: LRUCache<string, Map<string, OperationType>>;

  constructor(texts = 1000) {
    this.byText = new LRUCache({ max: texts });
    this.byHash = new LRUCache({ max: texts });
  }

  of(body: unknown): OperationType {
    if (typeof body !== 'object' || body === null) return 'unknown';
    const { query, operationName, extensions } = body as { query?: unknown; operationName?: unknown; extensions?: unknown };
    const name = typeof operationName === 'string' ? operationName : '';
    if (typeof query === 'string') return this.typesOf(query).get(name) ?? 'unknown';
    const hash = persistedQueryHash(extensions);
    return (hash === null ? undefined : this.byHash.get(hash))?.get(name) ?? 'unknown';
  }

  /** Remembers the operations of a persisted query under its SHA-256, once the server has checked the pair. */
  learnPersisted(sha256Hash: string, query: string): void {
    if (!this.byHash.has(sha256Hash)) this.byHash.set(sha256Hash, this.typesOf(query));
  }

  private typesOf(query: string): Map<string, OperationType> {
    let types = this.byText.get(query);
    if (!types) {
      types = operationTypesIn(query);
      this.byText.set(query, types);
    }
    return types;
  }

  /**
   * The key under which identical requests by `identity` may share one answer: the same bytes, Accept
   * and Content-Type. Null for what must run on its own: anything but a query, or a request that
   * accepts incremental delivery.
   */
  sharingKey(request: ReceivedRequest, identity: string): string | null {
    const accept = headerText(request.headers.accept);
    if (accept.includes('multipart/mixed') || accept.includes('text/event-stream')) return null;
    if (this.of(request.body) !== 'query') return null;
    return [identity, accept, headerText(request.headers['content-type']), request.rawBody].join(SEPARATOR);
  }
}

function persistedQueryHash(extensions: unknown): string | null {
  if (typeof extensions !== 'object' || extensions === null) return null;
  const persisted = (extensions as { persistedQuery?: unknown }).persistedQuery;
  if (typeof persisted !== 'object' || persisted === null) return null;
  const hash = (persisted as { sha256Hash?: unknown }).sha256Hash;
  return typeof hash === 'string' ? hash : null;
}

/** Operation name ('' for the document's only operation) to its type. */
function operationTypesIn(query: string): Map<string, OperationType> {
  const types = new Map<string, OperationType>();
  let document: DocumentNode;
  try {
    document = parse(query, { noLocation: true });
  } catch {
    return types;
  }
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  for (const op of operations) {
    if (op.name) types.set(op.name.value, op.operation);
  }
  if (operations.length === 1) types.set('', operations[0].operation);
  return types;
}
