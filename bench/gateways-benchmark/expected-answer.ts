/**
 * What every gateway must answer to the benchmark's query, as the benchmark's own check reads it:
 * returns a reason when `body` is not that answer, null when it is.
 */
interface Answer {
  data?: {
    users?: { id: string; username: string; reviews: { id: string; product: { upc: string; shippingEstimate: null; reviews: { author: { id: string; username: string } }[] } }[] }[];
    topProducts?: { upc: string; name: string; shippingEstimate: null; reviews: { author: { id: string; username: string; reviews: { id: string }[] } }[] }[];
  };
  errors?: unknown[];
}

export function checkBenchmarkAnswer(body: unknown): string | null {
  const answer = body as Answer;
  if (answer.errors?.length) return `errors: ${JSON.stringify(answer.errors).slice(0, 200)}`;
  const users = answer.data?.users;
  const top = answer.data?.topProducts;
  if (!users || users.length !== 6) return 'users: expected 6';
  if (!top || top.map((p) => p.upc).join() !== '1,2,3,4,5') return 'topProducts: expected upc 1..5';
  for (const u of users) {
    if (u.reviews.map((r) => r.id).join() !== '1,2') return `user ${u.id}: reviews should be 1 and 2`;
    for (const r of u.reviews) {
      if (r.product.upc !== '1' || r.product.shippingEstimate !== null) return `review ${r.id}: product 1 without shipping estimate`;
      if (r.product.reviews.some((x) => x.author.id !== '1' || x.author.username !== 'urigo')) return 'every author is user 1 (urigo)';
    }
  }
  if (top.some((p) => p.shippingEstimate !== null)) return 'shippingEstimate is always null';
  if (top[0].name !== 'Table' || top[0].reviews.length !== 4 || top[2].reviews.length !== 1) return 'topProducts reviews differ';
  return null;
}
