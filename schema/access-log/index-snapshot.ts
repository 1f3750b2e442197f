import type { StoredSegment } from './types';

/** What the access-log index holds: per record its segment, position, chain position and time, and the term lists. */
export interface IndexState {
  segmentKeys: string[];
  segmentOf: number[];
  positionOf: (number | string)[];
  seqOf: number[];
  atOf: number[];
  postings: Map<string, number[]>;
  layout: StoredSegment[];
  cursor: { segment: string; position: number | string | null } | null;
  /** The hash of the last record indexed: a loaded snapshot is used only while the record at its cursor still has it. */
  lastHash: string | null;
}

export const emptyIndexState = (): IndexState => ({ segmentKeys: [], segmentOf: [], positionOf: [], seqOf: [], atOf: [], postings: new Map(), layout: [], cursor: null, lastHash: null });

const MAGIC = 'YRD-ACCESS-INDEX-1\n';

interface Header {
  count: number;
  segmentKeys: string[];
  layout: StoredSegment[];
  cursor: IndexState['cursor'];
  lastHash: string | null;
  /** Positions are byte offsets (numbers, file) or stream ids (strings, Redis). */
  positions: 'number' | 'string';
  positionBytes: number;
  terms: string[];
  termLengths: number[];
}

/**
 * The index as bytes: a JSON header (segments, cursor, terms and their list lengths), then the
 * per-record columns and the concatenated lists as typed arrays, so that a million records load
 * in about a second instead of being read and parsed again from the log.
 */
export function encodeIndexState(state: IndexState): Buffer {
  const numeric = state.positionOf.every((p) => typeof p === 'number');
  const positions = numeric ? float64(state.positionOf as number[]) : Buffer.from(state.positionOf.join('\n'), 'utf8');
  const terms = [...state.postings.keys()];
  const lists = [...state.postings.values()];
  const postings = new Uint32Array(lists.reduce((n, l) => n + l.length, 0));
  let at = 0;
  for (const list of lists) {
    postings.set(list, at);
    at += list.length;
  }
  const header: Header = {
    count: state.seqOf.length,
    segmentKeys: state.segmentKeys,
    layout: state.layout,
    cursor: state.cursor,
    lastHash: state.lastHash,
    positions: numeric ? 'number' : 'string',
    positionBytes: positions.length,
    terms,
    termLengths: lists.map((l) => l.length),
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(headerBytes.length);
  return Buffer.concat([Buffer.from(MAGIC), length, headerBytes, float64(state.seqOf), float64(state.atOf), bytesOf(Uint32Array.from(state.segmentOf)), positions, bytesOf(postings)]);
}

/** The state a snapshot holds; null when the bytes are not a snapshot of this layout (then the index is built from the log). */
export function decodeIndexState(data: Buffer): IndexState | null {
  if (data.length < MAGIC.length + 4 || data.toString('utf8', 0, MAGIC.length) !== MAGIC) return null;
  let at = MAGIC.length;
  const headerLength = data.readUInt32LE(at);
  at += 4;
  const header = JSON.parse(data.toString('utf8', at, at + headerLength)) as Header;
  at += headerLength;
  const take = (bytes: number) => {
    const part = new Uint8Array(bytes);
    part.set(data.subarray(at, at + bytes));
    at += bytes;
    return part.buffer;
  };
  const n = header.count;
  const seqOf = Array.from(new Float64Array(take(n * 8)));
  const atOf = Array.from(new Float64Array(take(n * 8)));
  const segmentOf = Array.from(new Uint32Array(take(n * 4)));
  const positionBytes = Buffer.from(take(header.positionBytes));
  const positionOf: (number | string)[] = header.positions === 'number' ? Array.from(new Float64Array(positionBytes.buffer, positionBytes.byteOffset, n)) : n ? positionBytes.toString('utf8').split('\n') : [];
  const total = header.termLengths.reduce((s, l) => s + l, 0);
  const all = new Uint32Array(take(total * 4));
  if (at !== data.length || positionOf.length !== n) return null;
  const postings = new Map<string, number[]>();
  let from = 0;
  header.terms.forEach((term, i) => {
    postings.set(term, Array.from(all.subarray(from, from + header.termLengths[i])));
    from += header.termLengths[i];
  });
  return { segmentKeys: header.segmentKeys, segmentOf, positionOf, seqOf, atOf, postings, layout: header.layout, cursor: header.cursor, lastHash: header.lastHash };
}

const float64 = (values: readonly number[]) => bytesOf(Float64Array.from(values));
const bytesOf = (array: Float64Array | Uint32Array) => Buffer.from(array.buffer, array.byteOffset, array.byteLength);
