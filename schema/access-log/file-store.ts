import { promises as fs } from 'node:fs';
import path from 'node:path';
import { withFileLock } from '../registry/file-lock';
import type { HeadSigner } from '../registry/signing';
import { headAfter, sealCheckpoint } from './checkpoint';
import { parseRecord, readRecordLines, readRecordsAt, readStoredLines } from './jsonl-reader';
import { chainRecords } from './record-hash';
import { CURRENT_SEGMENT, segmentKey, type SegmentedAccessLogStore } from './store';
import type { AccessEntry, AccessLogCheckpoint, AccessLogHead, AccessRecord, PlacedRecord, StoredSegment } from './types';

export interface FileAccessLogOptions {
  /** The JSON-lines log (its current segment); created with its folder when missing. */
  file: string;
  lockTimeoutMs?: number;
  /** Signs the head each batch leaves, and each checkpoint. */
  signer?: HeadSigner | null;
}

/** How much of the file's end is read to find the head; a record is far smaller. */
const TAIL_BYTES = 64 * 1024;

/**
 * Access records as JSON lines. A batch is chained under the lock (shared with other processes)
 * and written with one write and an fsync. A crash mid-write leaves at most a last line without
 * its newline: readers ignore it and the next writer cuts it off before appending, so the chain
 * goes on from the last whole record.
 *
 * Segments: the current one is `file`; rotation appends the checkpoint to `<name>.checkpoints.jsonl`
 * and then renames `file` to `<name>.segment-N.jsonl`. A crash between the two is finished by the
 * next writer (the checkpoint names a segment whose file is still the current one).
 *
 * The search index's snapshot is `<name>.index.bin` beside the log, replaced by a rename.
 */
export class FileAccessLogStore implements SegmentedAccessLogStore {
  private readonly file: string;
  private readonly checkpointFile: string;
  private readonly lockTimeoutMs: number;
  private readonly signer: HeadSigner | null;
  /**
   * The file as this store's last append left it, and its head: when its inode, size and mtime
   * still match under the lock, no one wrote, rotated or cut it since, and the next append chains
   * on without reading its tail again.
   */
  private left: { ino: number; size: number; mtimeMs: number; head: AccessLogHead } | null = null;

  constructor(options: FileAccessLogOptions) {
    this.file = path.resolve(options.file);
    this.checkpointFile = this.sibling('checkpoints');
    this.lockTimeoutMs = options.lockTimeoutMs ?? 10_000;
    this.signer = options.signer ?? null;
  }

  append(entries: readonly AccessEntry[]): Promise<AccessRecord[]> {
    if (entries.length === 0) return Promise.resolve([]);
    return withFileLock(this.file, this.lockTimeoutMs, async () => {
      const last = await this.finishRotation();
      const handle = await fs.open(this.file, 'a+');
      const left = this.left;
      this.left = null;
      try {
        const stat = await handle.stat();
        const untouched = left !== null && left.ino === stat.ino && left.size === stat.size && left.mtimeMs === stat.mtimeMs;
        const { head, wholeLength } = untouched ? { head: left.head, wholeLength: stat.size } : await readTail(handle, stat.size);
        if (wholeLength < stat.size) await handle.truncate(wholeLength);
        const { records, lines } = chainRecords(head ?? headAfter(last), entries, this.signer);
        await handle.write(`${lines.join('\n')}\n`);
        await handle.sync();
        const written = await handle.stat();
        const end = records[records.length - 1];
        this.left = { ino: written.ino, size: written.size, mtimeMs: written.mtimeMs, head: { seq: end.seq, hash: end.hash } };
        return records;
      } finally {
        await handle.close();
      }
    });
  }

  rotate(closedAt: Date = new Date()): Promise<AccessLogCheckpoint | null> {
    return withFileLock(this.file, this.lockTimeoutMs, async () => {
      const last = await this.finishRotation();
      const head = await this.currentHead();
      if (!head) return null;
      const checkpoint = sealCheckpoint(last, head, closedAt.toISOString(), this.signer);
      const handle = await fs.open(this.checkpointFile, 'a');
      try {
        await handle.write(`${JSON.stringify(checkpoint)}\n`);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await fs.rename(this.file, this.segmentFile(checkpoint.segment));
      return checkpoint;
    });
  }

  async checkpoints(): Promise<AccessLogCheckpoint[]> {
    const text = await fs.readFile(this.checkpointFile, 'utf8').catch(() => '');
    return text
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as AccessLogCheckpoint);
  }

  async segments(): Promise<StoredSegment[]> {
    const checkpoints = await this.checkpoints();
    const closed = await Promise.all(
      checkpoints.map(async (checkpoint) => ({ key: segmentKey(checkpoint.segment), checkpoint, present: await exists(this.segmentFile(checkpoint.segment)) })),
    );
    return [...closed, { key: CURRENT_SEGMENT, checkpoint: null, present: true }];
  }

  async *read(segment: string, after: number | string | null): AsyncIterable<PlacedRecord[]> {
    for await (const chunk of readRecordLines(this.fileOf(segment), after === null ? 0 : Number(after))) {
      yield after === null ? chunk : chunk.filter((placed) => placed.position !== Number(after));
    }
  }

  async *readLines(segment: string): AsyncIterable<Buffer[]> {
    for await (const chunk of readStoredLines(this.fileOf(segment))) yield chunk.map(({ line }) => line);
  }

  fetch(segment: string, positions: readonly (number | string)[]): Promise<AccessRecord[]> {
    return readRecordsAt(this.fileOf(segment), positions.map(Number));
  }

  async *scan(): AsyncIterable<AccessRecord> {
    for (const segment of await this.segments()) {
      if (!segment.present) continue;
      for await (const chunk of readRecordLines(this.fileOf(segment.key))) for (const { record } of chunk) yield record;
    }
  }

  async head(): Promise<AccessLogHead | null> {
    return (await this.currentHead()) ?? headAfter((await this.checkpoints()).at(-1));
  }

  async archiveSegment(segment: number, file: string): Promise<void> {
    await fs.mkdir(path.dirname(path.resolve(file)), { recursive: true });
    await fs.copyFile(this.segmentFile(segment), file);
  }

  async removeSegment(segment: number): Promise<void> {
    if (!(await this.checkpoints()).some((c) => c.segment === segment)) throw new Error(`segment ${segment} is not closed`);
    await fs.rm(this.segmentFile(segment), { force: true });
  }

  loadIndexSnapshot(): Promise<Buffer | null> {
    return fs.readFile(this.indexFile()).catch(() => null);
  }

  async saveIndexSnapshot(data: Buffer): Promise<void> {
    const partial = `${this.indexFile()}.${process.pid}.partial`;
    await fs.writeFile(partial, data);
    await fs.rename(partial, this.indexFile());
  }

  async close(): Promise<void> {}

  private indexFile(): string {
    return `${this.file.replace(/\.jsonl$/, '')}.index.bin`;
  }

  private async currentHead(): Promise<AccessLogHead | null> {
    const handle = await fs.open(this.file, 'r').catch(() => null);
    if (!handle) return null;
    try {
      return (await readTail(handle)).head;
    } finally {
      await handle.close();
    }
  }

  /** Renames the current file that the last checkpoint closed, if a crash left it; the last checkpoint. */
  private async finishRotation(): Promise<AccessLogCheckpoint | null> {
    const last = (await this.checkpoints()).at(-1) ?? null;
    if (last && !(await exists(this.segmentFile(last.segment))) && (await this.currentHead())?.seq === last.lastSeq) {
      await fs.rename(this.file, this.segmentFile(last.segment));
    }
    return last;
  }

  private sibling(suffix: string): string {
    return `${this.file.replace(/\.jsonl$/, '')}.${suffix}.jsonl`;
  }

  private segmentFile(segment: number): string {
    return this.sibling(segmentKey(segment));
  }

  private fileOf(segment: string): string {
    return segment === CURRENT_SEGMENT ? this.file : this.sibling(segment);
  }
}

const exists = (file: string) => fs.access(file).then(() => true, () => false);

/** The last whole record's position and hash, and the length of the file up to its last newline. */
async function readTail(handle: fs.FileHandle, size?: number): Promise<{ head: AccessLogHead | null; wholeLength: number }> {
  size ??= (await handle.stat()).size;
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

