import { PROVINCE_CODES } from '../model';
import { flag, optionalInstant, optionalInteger, optionalList, optionalPortList, port, text } from './variable';

/** Shared by the province, region and credit subgraph processes. */
export const SUBGRAPH_HOST_VARIABLES = {
  HOST: text({ default: '127.0.0.1', description: 'the interface a province, region or credit subgraph process listens on' }),
} as const;

export const PROVINCE_SUBGRAPH_VARIABLES = {
  PROVINCE: optionalList({ values: PROVINCE_CODES, unique: true, defaultText: 'required', description: 'a province subgraph process: which province, or several (`SH,JS`) served from one process' }),
  PORT: optionalPortList({ defaultText: '4201–4204', description: "a province subgraph process: its port, or one per province in `PROVINCE`'s order" }),
  CLOCK_NOW: optionalInstant({ defaultText: 'now', description: 'the subgraphs\' "now" starts here (`npm start` sets it to `SIM_NOW` when given)' }),
  PROVINCE_WARM_START: flag({ default: true, description: "a province subgraph process: start every copy's first sync at start (from the shared cache when it holds one) and answer /ready 503 until each copy has a first complete state" }),
  MUTUAL_AID_SETTLE_MS: optionalInteger({ defaultText: '15000', unit: 'ms', description: "Anhui's settle time before a mutual-aid write is read back" }),
  MUTUAL_AID_LOOKBACK_MS: optionalInteger({ defaultText: '3600000', unit: 'ms', description: "how far back Anhui's list is searched for an earlier attempt" }),
  MUTUAL_AID_LOCK_WAIT_MS: optionalInteger({ defaultText: '10000', unit: 'ms', description: 'how long a repeat waits for a concurrent attempt' }),
} as const;

export const REGION_SUBGRAPH_VARIABLES = {
  REGION_PORT: port({ default: 4210, description: 'the region subgraph process: its port' }),
} as const;

export const CREDIT_SUBGRAPH_VARIABLES = {
  CREDIT_PORT: port({ default: 4230, description: 'the credit subgraph process: its port' }),
} as const;
