import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { withFileLock } from '../registry/file-lock';
import type { HeadSigner } from '../registry/signing';
import { chainEntries } from './record-hash';
import type { AccessLogStore } from './store';
import type { AccessEntry, AccessLogHead, AccessRecord } from './types';

export interface FileAccessLogOptions {
  /** The JSON-lines log; created with its folder when missing. */
  file: string;
  lockTimeoutMs?: number;
  /** Signs the head each batch leaves. */
  signer?: HeadSigner | null;
}

/** How much of the file's end is read to find the head; a record is far smaller. */
const TAIL_BYTES = 64 * 1024;

/**
 * Access records as JSON lines. A batch is chained under the lock (shared with other processes)
 * and written with one write and an fsync. A crash mid-write leaves at most a last line without
 * its newline: readers ignore it and the next writer cuts it off before appending, so the chain
 * goes on from the last whole record.
 */
export class FileAccessLogStore implements AccessLogStore {
  private readonly file: string;
  private readonly lockTimeoutMs: number;
  private readonly signer: HeadSigner | null;

  constructor(options: FileAccessLogOptions) {
    this.file = path.resolve(options.file);
    this.lockTimeoutMs = options.lockTimeoutMs ?? 10_000;
    this.signer = options.signer ?? null;
  }

  append(entries: readonly AccessEntry[]): Promise<AccessRecord[]> {
    if (entries.length === 0) return Promise.resolve([]);
    return withFileLock(this.file, this.lockTimeoutMs, async () => {
      const handle = await fs.open(this.file, 'a+');
      try {
        const { head, wholeLength } = await readTail(handle);
        const { size } = await handle.stat();
        if (wholeLength < size) await handle.truncate(wholeLength);
        const records = chainEntries(head, entries, this.signer);
        await handle.write(records.map((r) => `${JSON.stringify(r)}\n`).join(''));
        await handle.sync();
        return records;
      } finally {
        await handle.close();
      }
    });
  }

  async *scan(): AsyncIterable<AccessRecord> {
    let stream;
    try {
      await fs.access(this.file);
      stream = createReadStream(this.file, { encoding: 'utf8' });
    } catch {
      return;
    }
    const { size } = await fs.stat(this.file);
    let read = 0;
    for await (const line of createInterface({ input: stream, crlfDelay: Infinity })) {
      read += Buffer.byteLength(line) + 1;
      if (read > size) break;
      if (line.trim()) yield parseRecord(line);
    }
  }

  async head(): Promise<AccessLogHead | null> {
    const handle = await fs.open(this.file, 'r').catch(() => null);
    if (!handle) return null;
    try {
      return (await readTail(handle)).head;
    } finally {
      await handle.close();
    }
  }

  async close(): Promise<void> {}
}

/** A line that does not parse is kept as a record whose hash cannot match, so that verification names it. */
function parseRecord(line: string): AccessRecord {
  try {
    return JSON.parse(line) as AccessRecord;
  } catch {
    return { seq: -1, hash: '', previousHash: null } as unknown as AccessRecord;
  }
}

/** The last whole record's position and hash, and the length of the file up to its last newline. */
async function readTail(handle: fs.FileHandle): Promise<{ head: AccessLogHead | null; wholeLength: number }> {
  const { size } = await handle.stat();
  if (size === 0) return { head: null, wholeLength: 0 };
  const start = Math.max(0, size - TAIL_BYTES);
  const buffer = Buffer.alloc(size - start);
  await handle.read(buffer, 0, buffer.length, start);
  const text = buffer.toString('utf8');
  const lastNewline = text.lastIndexOf('\n');
  const wholeLength = lastNewline < 0 ? start : start + Buffer.byteLength(text.slice(0, lastNewline + 1));
  const lines = text.slice(0, lastNewline + 1).split('\n').filter((l) => l.trim());
  const last = lines[lines.length - 1];
  if (!last) return { head: null, wholeLength };
  const record = parseRecord(last);
  return { head: { seq: record.seq, hash: record.hash }, wholeLength };
}
