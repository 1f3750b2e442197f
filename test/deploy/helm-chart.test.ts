import path from 'node:path';
import { helmTemplate } from '../support/helm-template';
import { GATEWAY_NODE_OPTIONS } from '../../gateway/node-options';
import { PROVINCE_NODE_OPTIONS } from '../../subgraphs/province/node-options';

/**
 * The Helm chart (deploy/helm/yrd-federation), rendered with its default values and with
 * values-production.yaml, every manifest validated against the Kubernetes OpenAPI schema
 * (kubernetes-models), and what the operators rely on checked on the rendered objects.
 * helm is not installed here: test/support/helm-template.ts renders the templates.
 */

const CHART = path.resolve(__dirname, '../../deploy/helm/yrd-federation');
const RELEASE = { name: 'yrd', namespace: 'yrd' };
const PROVINCES = ['ah', 'js', 'sh', 'zj'];

type Manifest = Record<string, unknown> & { apiVersion: string; kind: string; metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> } };
interface Container {
  name: string;
  command?: string[];
  env?: { name: string; value?: string }[];
  envFrom?: { secretRef?: { name: string } }[];
  securityContext?: Record<string, unknown>;
  readinessProbe?: { httpGet?: { path: string } };
  livenessProbe?: { httpGet?: { path: string } };
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}
interface PodSpec {
  securityContext?: Record<string, unknown>;
  containers: Container[];
}
interface PolicyPeer {
  podSelector?: Selector;
  namespaceSelector?: Selector;
  ipBlock?: { cidr: string };
}
interface Selector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values: string[] }[];
}
interface NetworkPolicySpec {
  podSelector: Selector;
  policyTypes: string[];
  ingress?: { from?: PolicyPeer[] }[];
  egress?: { to?: PolicyPeer[] }[];
}

/** The kubernetes-models class for an object, validating it against the Kubernetes OpenAPI schema. */
function validate(manifest: Manifest): void {
  const group = manifest.apiVersion === 'v1' ? 'v1' : manifest.apiVersion;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const models = require(`kubernetes-models/${group}`) as Record<string, new (data: unknown) => { validate(): void }>;
  const Model = models[manifest.kind];
  if (!Model) throw new Error(`no schema for ${manifest.apiVersion} ${manifest.kind}`);
  new Model(manifest).validate();
}

function render(valuesFiles: string[]): Manifest[] {
  return helmTemplate(CHART, valuesFiles, RELEASE) as Manifest[];
}

function podSpecs(manifests: Manifest[]): { owner: Manifest; labels: Record<string, string>; spec: PodSpec }[] {
  return manifests
    .filter((m) => m.kind === 'Deployment' || m.kind === 'Job')
    .map((owner) => {
      const template = (owner.spec as { template: { metadata: { labels: Record<string, string> }; spec: PodSpec } }).template;
      return { owner, labels: template.metadata.labels, spec: template.spec };
    });
}

function selects(selector: Selector, labels: Record<string, string>): boolean {
  const byLabel = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const byExpression = (selector.matchExpressions ?? []).every((e) => (e.operator === 'In' ? e.values.includes(labels[e.key]) : false));
  return byLabel && byExpression;
}

function policies(manifests: Manifest[]): NetworkPolicySpec[] {
  return manifests.filter((m) => m.kind === 'NetworkPolicy').map((m) => m.spec as NetworkPolicySpec);
}

describe.each([
  ['default values', [] as string[]],
  ['production values', ['values-production.yaml']],
])('the Helm chart rendered with %s', (_label, valuesFiles) => {
  const manifests = render(valuesFiles);
  const named = (kind: string, suffix: string) => manifests.find((m) => m.kind === kind && m.metadata.name === `yrd-yrd-${suffix}`);
  const pods = podSpecs(manifests);
  const federationPods = pods.filter((p) => p.labels['app.kubernetes.io/component'] !== 'redis');

  it('renders manifests that all validate against the Kubernetes OpenAPI schema', () => {
    expect(manifests.length).toBeGreaterThan(20);
    for (const manifest of manifests) {
      try {
        validate(manifest);
      } catch (e) {
        throw new Error(`${manifest.kind} ${manifest.metadata.name}: ${(e as Error).message}`);
      }
    }
  });

  it('deploys the gateway, one province subgraph per province, the region, registry and credit subgraphs, each with a Service and a PodDisruptionBudget', () => {
    for (const component of ['gateway', ...PROVINCES.map((p) => `province-${p}`), 'region', 'registry', 'credit']) {
      expect(named('Deployment', component)).toBeDefined();
      expect(named('Service', component)).toBeDefined();
      expect(named('PodDisruptionBudget', component)).toBeDefined();
    }
  });

  it('starts each province subgraph with the province node options, the gateway with its own, the other pieces with node and their script only', () => {
    for (const { labels, spec } of federationPods.filter((p) => p.owner.kind === 'Deployment')) {
      const component = labels['app.kubernetes.io/component'];
      const options = component.startsWith('province-') ? PROVINCE_NODE_OPTIONS : component === 'gateway' ? GATEWAY_NODE_OPTIONS : [];
      expect(spec.containers[0].command).toEqual(['node', ...options, expect.stringMatching(/^dist\/.*main\.js$/)]);
    }
    expect(federationPods.filter((p) => p.labels['app.kubernetes.io/component'].startsWith('province-'))).toHaveLength(PROVINCES.length);
  });

  it('scales the gateway with a HorizontalPodAutoscaler on CPU', () => {
    const hpa = named('HorizontalPodAutoscaler', 'gateway');
    expect(hpa?.spec).toMatchObject({ scaleTargetRef: { kind: 'Deployment', name: 'yrd-yrd-gateway' }, metrics: [{ type: 'Resource', resource: { name: 'cpu' } }] });
  });

  it('publishes the schemas with a post-install and post-upgrade Job that names every subgraph', () => {
    const job = named('Job', 'publish');
    expect(job?.metadata.annotations?.['helm.sh/hook']).toBe('post-install,post-upgrade');
    const env = (job?.spec as { template: { spec: PodSpec } }).template.spec.containers[0].env ?? [];
    expect(env.map((e) => e.name)).toEqual(expect.arrayContaining(['REGION_URL', 'REGISTRY_URL', 'CREDIT_URL', 'PROVINCE_SH_URL', 'PROVINCE_JS_URL', 'PROVINCE_ZJ_URL', 'PROVINCE_AH_URL', 'REDIS_URL']));
  });

  it('runs every container non-root, read-only, without privilege escalation, with requests and limits', () => {
    for (const { owner, spec } of pods) {
      expect([owner.metadata.name, spec.securityContext?.runAsNonRoot]).toEqual([owner.metadata.name, true]);
      for (const c of spec.containers) {
        expect([owner.metadata.name, c.securityContext]).toEqual([owner.metadata.name, expect.objectContaining({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } })]);
        expect(Object.keys(c.resources?.requests ?? {}).sort()).toEqual(['cpu', 'memory']);
        expect(Object.keys(c.resources?.limits ?? {}).sort()).toEqual(['cpu', 'memory']);
      }
    }
  });

  it('probes readiness on /ready and liveness on /health', () => {
    for (const { owner, spec } of federationPods.filter((p) => p.owner.kind === 'Deployment')) {
      expect([owner.metadata.name, spec.containers[0].readinessProbe?.httpGet?.path, spec.containers[0].livenessProbe?.httpGet?.path]).toEqual([owner.metadata.name, '/ready', '/health']);
    }
  });

  it("gives each province subgraph its own legacy system's URL and credentials from a Secret, never in the pod spec", () => {
    for (const p of PROVINCES) {
      const spec = (named('Deployment', `province-${p}`)?.spec as { template: { spec: PodSpec } }).template.spec;
      const secrets = (spec.containers[0].envFrom ?? []).map((e) => e.secretRef?.name);
      expect(secrets).toHaveLength(2);
      expect(secrets.some((s) => s?.includes(`legacy-${p}`))).toBe(true);
      expect(spec.containers[0].env?.find((e) => e.name === 'PROVINCE')?.value).toBe(p.toUpperCase());
    }
    const inline = federationPods.flatMap((p) => p.spec.containers.flatMap((c) => c.env ?? [])).filter((e) => /^LEGACY_|JWT_SECRET/.test(e.name));
    expect(inline).toEqual([]);
  });

  it('lets only the province and credit subgraphs reach the legacy systems, and only the gateway and the publish job reach the subgraphs', () => {
    const np = policies(manifests);
    const legacyReaching = federationPods.filter((p) => np.some((policy) => selects(policy.podSelector, p.labels) && (policy.egress ?? []).some((r) => (r.to ?? []).some((peer) => peer.ipBlock && !isOtel(peer.ipBlock.cidr)))));
    expect(legacyReaching.map((p) => p.labels['app.kubernetes.io/component']).sort()).toEqual(['credit', ...PROVINCES.map((p) => `province-${p}`)]);
    for (const sub of federationPods.filter((p) => p.labels['yrd.gov.cn/tier'] === 'subgraph')) {
      const ingress = np.filter((p) => selects(p.podSelector, sub.labels) && p.policyTypes.includes('Ingress'));
      expect(ingress.length).toBeGreaterThanOrEqual(2);
      const allowedFrom = ingress.flatMap((p) => (p.ingress ?? []).flatMap((r) => r.from ?? [])).filter((peer) => peer.podSelector && !peer.namespaceSelector);
      const admitted = federationPods.filter((other) => allowedFrom.some((peer) => selects(peer.podSelector as Selector, other.labels))).map((o) => o.labels['yrd.gov.cn/tier']);
      expect([...new Set(admitted)].sort()).toEqual(['gateway', 'publisher']);
    }
    expect(np.some((p) => Object.keys(p.podSelector.matchLabels ?? {}).join() === 'app.kubernetes.io/instance' && p.policyTypes.join() === 'Ingress,Egress' && !p.ingress && !p.egress)).toBe(true);
  });

  function isOtel(cidr: string): boolean {
    return (valuesFiles.length > 0 ? ['10.96.0.0/12'] : []).includes(cidr);
  }
});

describe('the two sets of values differ where a region-wide deployment needs it', () => {
  it('production: no Secret from values, no Redis in the release, the external Redis and traces configured on every pod', () => {
    const manifests = render(['values-production.yaml']);
    expect(manifests.filter((m) => m.kind === 'Secret')).toEqual([]);
    expect(manifests.find((m) => m.metadata.name === 'yrd-yrd-redis')).toBeUndefined();
    for (const { spec } of podSpecs(manifests)) {
      const env = Object.fromEntries((spec.containers[0].env ?? []).map((e) => [e.name, e.value]));
      expect(env).toMatchObject({ REDIS_CLUSTER: 'false', REDIS_URL: 'redis://redis-primary.yrd-data.svc:6379', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector.observability.svc:4318', OTEL_TRACES_SAMPLER_ARG: '0.1' });
    }
  });

  it('default: test-cluster Secrets from values, a Redis in the release, no traces', () => {
    const manifests = render([]);
    expect(manifests.filter((m) => m.kind === 'Secret').map((m) => m.metadata.name).sort()).toEqual(['yrd-yrd-auth', 'yrd-yrd-legacy-ah', 'yrd-yrd-legacy-cr', 'yrd-yrd-legacy-js', 'yrd-yrd-legacy-sh', 'yrd-yrd-legacy-zj']);
    expect(manifests.find((m) => m.kind === 'Deployment' && m.metadata.name === 'yrd-yrd-redis')).toBeDefined();
    for (const { spec } of podSpecs(manifests).filter((p) => p.labels['app.kubernetes.io/component'] !== 'redis')) {
      expect((spec.containers[0].env ?? []).map((e) => e.name)).not.toContain('OTEL_EXPORTER_OTLP_ENDPOINT');
    }
  });

  it('the schema validation refuses a broken manifest (so that passing it means something)', () => {
    const [deployment] = render([]).filter((m) => m.kind === 'Deployment');
    expect(() => validate({ ...deployment, spec: { ...(deployment.spec as object), replicas: 'two' } })).toThrow();
  });
});
