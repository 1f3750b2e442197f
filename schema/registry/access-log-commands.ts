import { openAccessLogStore } from '../access-log/open-access-log';
import { accessLogSigner } from '../access-log/open-access-log';
import { verifyAccessLog } from '../access-log/verify';
import { loadAccessLogConfig } from '../config/shared-config';

export const ACCESS_LOG_USAGE = `  access-rotate                                                   closes the access log's current segment with a signed checkpoint
  access-remove N [--archive FILE]                                removes closed segment N (copied to FILE first when given)
  access-verify                                                   verifies the access log's segments, checkpoints and signatures`;

export interface AccessLogCommandResult {
  ok: boolean;
  json: unknown;
  lines: string[];
}

/** The access-log commands of the CLI, on the log the environment configures (ACCESS_LOG_FILE or REDIS_URL). */
export async function runAccessLogCommand(command: string, args: readonly string[], archive: string | undefined, env: NodeJS.ProcessEnv): Promise<AccessLogCommandResult | null> {
  if (!['access-rotate', 'access-remove', 'access-verify'].includes(command)) return null;
  const config = loadAccessLogConfig(env);
  const store = openAccessLogStore(config);
  try {
    if (command === 'access-rotate') {
      const checkpoint = await store.rotate();
      return { ok: true, json: checkpoint, lines: [checkpoint ? `closed segment ${checkpoint.segment}: records ${checkpoint.firstSeq}–${checkpoint.lastSeq}, last hash ${checkpoint.lastHash.slice(0, 12)}` : 'the current segment is empty: nothing to close'] };
    }
    if (command === 'access-remove') {
      const segment = Number(args[0]);
      if (!Number.isInteger(segment) || segment < 1) return { ok: false, json: { error: 'N must be a segment number' }, lines: ['N must be a segment number'] };
      if (archive) await store.archiveSegment(segment, archive);
      await store.removeSegment(segment);
      return { ok: true, json: { removed: segment, archive: archive ?? null }, lines: [`segment ${segment} removed${archive ? ` (archived to ${archive})` : ''}`] };
    }
    const result = await verifyAccessLog(store, accessLogSigner(config));
    const segments = result.segments.map((s) => `  ${s.segment === null ? 'current' : `segment ${s.segment}`}: records ${s.firstSeq}–${s.lastSeq ?? '-'} ${s.state}`);
    return { ok: result.ok, json: result, lines: [result.ok ? `ok: ${result.recordsChecked} records verified` : `TAMPERED: record ${result.firstBadRecord}`, ...segments] };
  } finally {
    await store.close();
  }
}
