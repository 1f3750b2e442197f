import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { jwtVerify } from 'jose';
import { parseTokenArgs } from '../../launcher/token-args';
import { loadTokenConfig } from '../../launcher/token-config';
import { writeRunSecret } from '../../launcher/run-secret';
import { callerFromClaims } from '../../schema/caller';
import { signToken } from '../../schema/tokens/sign-token';
import { describeVisibility, fieldsOf } from '../../schema/tokens/visibility';

/** `npm run token`: its arguments, where it finds the secret, and that what it signs is a caller. */

describe('npm run token: arguments', () => {
  it('reads role, catalog and province into claims', () => {
    expect(parseTokenArgs(['--role', 'exchange', '--catalog', 'HAZMAT_DETAIL,VEHICLE_TRACK']).claims).toEqual({ role: 'exchange', catalog: ['HAZMAT_DETAIL', 'VEHICLE_TRACK'] });
    expect(parseTokenArgs(['--role', 'province', '--province', 'js']).claims).toEqual({ role: 'province', province: 'JS', catalog: [] });
    expect(parseTokenArgs(['--role', 'auditor', '--sub', 'alice', '--expires-in', '600'])).toEqual({ claims: { role: 'auditor', catalog: [], sub: 'alice' }, expiresInSec: 600 });
  });

  it.each([
    [['--role', 'king'], /--role must be one of/],
    [['--role', 'province'], /--role province needs --province/],
    [['--role', 'app', '--province', 'JS'], /--province goes with --role province only/],
    [['--role', 'exchange', '--catalog', 'HAZMAT_DETAIL,SECRETS'], /unknown entry SECRETS/],
    [['--role', 'app', '--expires-in', '-1'], /--expires-in/],
    [['--role', 'app', '--colour', 'red'], /unknown option --colour/],
  ])('refuses %j, saying why', (argv, message) => {
    expect(() => parseTokenArgs(argv)).toThrow(message);
  });
});

describe('npm run token: the secret', () => {
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'yrd-token-'));
  afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

  it("uses JWT_SECRET when set, else the running development run's secret, and names JWT_SECRET when there is neither", () => {
    expect(() => loadTokenConfig({ RUN_STATE_DIR: stateDir })).toThrow(/JWT_SECRET.*is unset and no development run/);
    writeRunSecret(stateDir, 'generated-for-this-run-0123456789abcdef');
    expect(loadTokenConfig({ RUN_STATE_DIR: stateDir })).toMatchObject({ secret: 'generated-for-this-run-0123456789abcdef', issuer: 'yrd-federation', audience: 'yrd-gateway' });
    expect(loadTokenConfig({ RUN_STATE_DIR: stateDir, JWT_SECRET: 'the-deployment-secret', JWT_ISSUER: 'me' })).toMatchObject({ secret: 'the-deployment-secret', issuer: 'me', source: 'JWT_SECRET' });
  });

  it('never mints in production', () => {
    expect(() => loadTokenConfig({ RUN_STATE_DIR: stateDir, NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) })).toThrow(/never in production/);
  });

  it('signs a token the verifier reads back as the caller asked for', async () => {
    const secret = 'x'.repeat(40);
    const { claims, expiresInSec } = parseTokenArgs(['--role', 'province', '--province', 'ZJ', '--catalog', 'MUTUAL_AID']);
    const token = await signToken(claims, { secret, issuer: 'yrd-federation', audience: 'yrd-gateway', expiresInSec });
    const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), { issuer: 'yrd-federation', audience: 'yrd-gateway' });
    expect(callerFromClaims(payload)).toEqual({ sub: 'province-ZJ', role: 'province', province: 'ZJ', catalog: ['MUTUAL_AID'] });
  });

  it('says what the token may see, entry by entry, from the sharing catalog', () => {
    const lines = describeVisibility({ role: 'province', province: 'JS', catalog: ['HAZMAT_DETAIL'] });
    expect(lines[0]).toBe('unconditional data: yes');
    expect(lines.at(-1)).toBe('schema registry history: no');
    expect(lines).toEqual(
      expect.arrayContaining([
        `HAZMAT_DETAIL (${fieldsOf('HAZMAT_DETAIL').join(', ')}): every record`,
        "VEHICLE_TRACK (Vehicle.track, Vehicle.waybills): JS's own records only",
        "MUTUAL_AID (Mutation.requestMutualAid, Query.mutualAidRequest): JS's own records only",
      ]),
    );
    expect(fieldsOf('HAZMAT_DETAIL')).toEqual(expect.arrayContaining(['HazmatEnterprise.contactPhone', 'Waybill.goods']));
    expect(describeVisibility({ role: 'app' })).toContain('RESCUE_RESOURCES (RescueBase.materials, RescueBase.dutyPhone, ResourceOrganisation.materials, Query.materialTotals): no (null with FORBIDDEN)');
  });
});
