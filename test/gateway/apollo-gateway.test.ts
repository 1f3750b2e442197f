import net from 'node:net';
import { composeServices } from '@apollo/composition';
import { ApolloGateway } from '@apollo/gateway';
import { parse } from 'graphql';
import { apolloGateway } from '../../gateway/apollo-gateway';

/**
 * Nothing leaves the deployment: a stock ApolloGateway, constructed without
 * APOLLO_TELEMETRY_DISABLED, exports usage metrics to Apollo and probes the clouds' metadata
 * endpoints; ours does neither. Every socket this process opens is watched, and one towards
 * anything but loopback is refused before it connects, so the test itself sends nothing out.
 */

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);
const outside: string[] = [];
const connect = net.Socket.prototype.connect;

function hostOf(args: unknown[]): string | null {
  const [first, second] = args;
  if (typeof first === 'object' && first !== null) {
    const options = first as { host?: string; path?: string };
    return options.path ? null : (options.host ?? 'localhost');
  }
  if (typeof first === 'string') return null;
  return typeof second === 'string' ? second : 'localhost';
}

beforeAll(() => {
  net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
    const host = hostOf(args);
    if (host !== null && !LOOPBACK.has(host)) {
      outside.push(host);
      process.nextTick(() => this.destroy(new Error(`refused by the test: ${host}`)));
      return this;
    }
    return (connect as (...a: unknown[]) => net.Socket).apply(this, args);
  } as typeof connect;
});

afterAll(() => {
  net.Socket.prototype.connect = connect;
});

const composed = composeServices([{ name: 'one', url: 'http://127.0.0.1:9/graphql', typeDefs: parse('type Query { ok: Boolean }') }]);
const config = { supergraphSdl: composed.supergraphSdl as string };

/** Loads and stops the gateway: Apollo's metrics leave at least at the stop (their last export), then hourly. */
async function loadAndStop(gateway: ApolloGateway): Promise<void> {
  await gateway.load();
  await gateway.stop();
}

const reachedOut = async (): Promise<void> => {
  for (const until = Date.now() + 5000; outside.length === 0 && Date.now() < until; ) await new Promise((r) => setTimeout(r, 50));
};

describe('apolloGateway', () => {
  it('opens no connection outside the machine, and leaves APOLLO_TELEMETRY_DISABLED as it was', async () => {
    delete process.env.APOLLO_TELEMETRY_DISABLED;
    outside.length = 0;
    const gateway = apolloGateway(config);
    expect(process.env.APOLLO_TELEMETRY_DISABLED).toBeUndefined();
    await loadAndStop(gateway);
    await reachedOut();
    expect(outside).toEqual([]);
  });

  it('where a stock ApolloGateway would reach out (what the watch above can see)', async () => {
    delete process.env.APOLLO_TELEMETRY_DISABLED;
    outside.length = 0;
    await loadAndStop(new ApolloGateway(config));
    await reachedOut();
    expect(outside).toContain('usage-reporting.api.apollographql.com');
  });
});
