import { PROVINCE_CODES } from '../schema/model';
import { SIMULATOR_PORTS, startSimulators } from './start-all';

async function main(): Promise<void> {
  const host = process.env.SIM_HOST ?? '127.0.0.1';
  const sims = await startSimulators({ ports: SIMULATOR_PORTS, host });
  for (const p of PROVINCE_CODES) {
    console.log(JSON.stringify({ msg: 'simulator listening', province: p, url: sims.servers[p].url }));
  }
  const stop = (): void => {
    void sims.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((e: unknown) => {
  console.error(JSON.stringify({ msg: 'simulators failed to start', error: e instanceof Error ? e.message : String(e) }));
  process.exit(1);
});
