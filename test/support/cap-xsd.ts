import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The OASIS CAP 1.2 schema the project validates its CAP export against. */
export const CAP_XSD = path.resolve(__dirname, '../../data/cap/cap12.xsd');

/** Validates CAP alerts with xmllint against the CAP 1.2 XSD; throws with xmllint's report when one is invalid. */
export function validateCap(alerts: readonly string[], label = 'cap'): void {
  const dir = mkdtempSync(path.join(tmpdir(), `${label}-`));
  try {
    const files = alerts.map((xml, i) => {
      const file = path.join(dir, `${i}.xml`);
      writeFileSync(file, xml);
      return file;
    });
    execFileSync('xmllint', ['--noout', '--schema', CAP_XSD, ...files], { stdio: 'pipe' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
