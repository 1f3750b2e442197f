import cluster from 'node:cluster';
import { readFileSync } from 'node:fs';
import { apolloGateway } from '../../gateway/apollo-gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';

/** The peer: plain Apollo Server + ApolloGateway on a supergraph file, as the benchmark runs it (without Apollo's own telemetry, which would leave the machine). */
async function main(): Promise<void> {
  const workers = Number(process.env.WORKERS ?? 1);
  if (cluster.isPrimary && workers > 1) {
    for (let i = 0; i < workers; i++) cluster.fork();
    return;
  }
  const server = new ApolloServer({ gateway: apolloGateway({ supergraphSdl: readFileSync(process.argv[2], 'utf8') }) });
  const { url } = await startStandaloneServer(server, { listen: { port: Number(process.env.PORT ?? 4000), host: '127.0.0.1' } });
  console.log(JSON.stringify({ level: 'info', msg: 'stock @apollo/gateway ready', url }));
}

void main();
