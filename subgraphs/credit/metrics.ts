import { Counter, Registry } from 'prom-client';

/** What the credit subgraph counts for /metrics: persons left out of the copy (never named anywhere). */
export class CreditMetrics {
  readonly registry = new Registry();
  private readonly persons = new Counter({
    name: 'credit_person_rows_left_out_total',
    help: 'Rows of the credit platform files about natural persons, left out of the copy (personal data)',
    registers: [this.registry],
  });

  readonly onPersonRows = (count: number): void => {
    if (count > 0) this.persons.inc(count);
  };

  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
