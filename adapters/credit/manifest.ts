import { z } from 'zod';
import { ErrorCodes } from '../../schema/error-codes';

/** The platform's manifest.json (legacy-apis/credit.md): the latest snapshot and every delta after it. */

const listedFile = z.object({
  name: z.string().regex(/^[\w.-]+$/),
  kind: z.enum(['full', 'delta']),
  after: z.string().optional(),
  asOf: z.string(),
  rows: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/i),
});

const manifestSchema = z.object({ generatedAt: z.string(), files: z.array(listedFile) });

export type ListedFile = z.infer<typeof listedFile> & { asOfMs: number };

export interface Manifest {
  generatedAt: string;
  /** The snapshot the deltas apply over. */
  full: ListedFile;
  /** In asOf order. */
  deltas: ListedFile[];
}

export class ManifestInvalidError extends Error {
  readonly code = ErrorCodes.PROVINCE_UNAVAILABLE;
}

export function parseManifest(body: Buffer): Manifest {
  let raw: unknown;
  try {
    raw = JSON.parse(body.toString('utf8'));
  } catch {
    throw new ManifestInvalidError('the manifest is not JSON');
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) throw new ManifestInvalidError(`the manifest does not have the documented shape: ${parsed.error.issues[0]?.message ?? ''}`);
  const files = parsed.data.files.map((f) => ({ ...f, asOfMs: Date.parse(f.asOf) }));
  if (files.some((f) => Number.isNaN(f.asOfMs))) throw new ManifestInvalidError('the manifest has a file with an unreadable asOf');
  const fulls = files.filter((f) => f.kind === 'full');
  if (fulls.length !== 1) throw new ManifestInvalidError(`the manifest lists ${fulls.length} full snapshots, not 1`);
  const deltas = files.filter((f) => f.kind === 'delta' && f.asOfMs > fulls[0].asOfMs).sort((a, b) => a.asOfMs - b.asOfMs);
  return { generatedAt: parsed.data.generatedAt, full: fulls[0], deltas };
}
