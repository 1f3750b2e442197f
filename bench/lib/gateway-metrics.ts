/**
 * The sum of one counter's series in a gateway's /metrics (Prometheus text), those whose labels
 * include `labels`; null when the gateway does not export it (an older build) or does not answer.
 */
export async function counterTotal(gatewayUrl: string, metric: string, labels: Record<string, string> = {}): Promise<number | null> {
  let text: string;
  try {
    const res = await fetch(new URL('/metrics', gatewayUrl));
    if (!res.ok) return null;
    text = await res.text();
  } catch {
    return null;
  }
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  let total: number | null = null;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${metric}{`) && !line.startsWith(`${metric} `)) continue;
    const series = line.slice(metric.length, line.lastIndexOf(' '));
    if (!wanted.every((w) => series.includes(w))) continue;
    total = (total ?? 0) + Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}
