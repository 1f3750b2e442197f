import { PROVINCE_CODES, type ProvinceCode } from '../../schema/model';

const DEFAULT_PORT: Readonly<Record<ProvinceCode, number>> = { SH: 4201, JS: 4202, ZJ: 4203, AH: 4204 };

/** PROVINCE (one code or a comma-separated list) and PORT (as many ports, in the same order; default 4201..4204). */
export function provincesFromEnv(env: NodeJS.ProcessEnv): { province: ProvinceCode; port: number }[] {
  const provinces = (env.PROVINCE ?? '').split(',').map((p) => p.trim().toUpperCase());
  for (const p of provinces) {
    if (!(PROVINCE_CODES as readonly string[]).includes(p)) throw new Error(`PROVINCE must be one or more of ${PROVINCE_CODES.join(', ')} (comma-separated), got "${env.PROVINCE ?? ''}"`);
  }
  if (new Set(provinces).size !== provinces.length) throw new Error(`PROVINCE names a province twice: "${env.PROVINCE}"`);
  const ports = env.PORT?.trim() ? env.PORT.split(',').map((p) => p.trim()) : null;
  if (ports && ports.length !== provinces.length) throw new Error(`PORT must list one port for each of PROVINCE's ${provinces.length}, got "${env.PORT}"`);
  return provinces.map((p, i) => {
    const code = p as ProvinceCode;
    const port = ports ? Number(ports[i]) : DEFAULT_PORT[code];
    if (!Number.isInteger(port) || port < 0 || port > 65535 || ports?.[i] === '') throw new Error(`PORT is not a port: "${ports?.[i]}"`);
    return { province: code, port };
  });
}
