import { metricSum } from '../../test/support/metric-sum';

/**
 * The sum of one counter's series in a gateway's /metrics, those whose labels include `labels`;
 * null when the gateway does not export it (an older build) or does not answer.
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
  return text.split('\n').some((line) => line.startsWith(`${metric}{`) || line.startsWith(`${metric} `)) ? metricSum(text, metric, labels) : null;
}
