import { promises as fs } from 'node:fs';
import type { AccessRecord, PlacedRecord } from './types';

const CHUNK = 1 << 20;

/** A line that does not parse is kept as a record whose hash cannot match, so that verification names it. */
export function parseRecord(line: string): AccessRecord {
  try {
    return JSON.parse(line) as AccessRecord;
  } catch {
    return { seq: -1, hash: '', previousHash: null } as unknown as AccessRecord;
  }
}

/** Records with their byte offsets, from byte `start` (see `readStoredLines`). */
export async function* readRecordLines(file: string, start = 0): AsyncIterable<PlacedRecord[]> {
  for await (const chunk of readStoredLines(file, start)) yield chunk.map(({ line, position }) => ({ record: parseRecord(line.toString('utf8')), position }));
}

/**
 * The whole lines of a JSON-lines file from byte `start`, without their newlines, each with its
 * byte offset, read in large chunks and handed over a chunk at a time (a million records are read
 * in seconds, not minutes, as with readline). A last line without its newline (a write cut by a
 * crash) is not returned. A missing file has no lines.
 */
export async function* readStoredLines(file: string, start = 0): AsyncIterable<{ line: Buffer; position: number }[]> {
  const handle = await fs.open(file, 'r').catch(() => null);
  if (!handle) return;
  try {
    const { size } = await handle.stat();
    let position = start;
    let carry = Buffer.alloc(0);
    while (position + carry.length < size) {
      const buffer = Buffer.allocUnsafe(CHUNK);
      const { bytesRead } = await handle.read(buffer, 0, Math.min(CHUNK, size - position - carry.length), position + carry.length);
      if (bytesRead === 0) break;
      const data = carry.length ? Buffer.concat([carry, buffer.subarray(0, bytesRead)]) : buffer.subarray(0, bytesRead);
      let lineStart = 0;
      const chunk: { line: Buffer; position: number }[] = [];
      for (let nl = data.indexOf(10); nl >= 0; nl = data.indexOf(10, lineStart)) {
        if (nl > lineStart) chunk.push({ line: data.subarray(lineStart, nl), position: position + lineStart });
        lineStart = nl + 1;
      }
      if (chunk.length) yield chunk;
      position += lineStart;
      carry = Buffer.from(data.subarray(lineStart));
    }
  } finally {
    await handle.close();
  }
}

/** Records by their byte offsets in one file, in the order asked. */
export async function readRecordsAt(file: string, offsets: readonly number[]): Promise<AccessRecord[]> {
  const handle = await fs.open(file, 'r');
  try {
    return await Promise.all(
      offsets.map(async (offset) => {
        let length = 2048;
        for (;;) {
          const buffer = Buffer.alloc(length);
          const { bytesRead } = await handle.read(buffer, 0, length, offset);
          const nl = buffer.subarray(0, bytesRead).indexOf(10);
          if (nl >= 0) return parseRecord(buffer.toString('utf8', 0, nl));
          if (bytesRead < length) return parseRecord(buffer.toString('utf8', 0, bytesRead));
          length *= 4;
        }
      }),
    );
  } finally {
    await handle.close();
  }
}
