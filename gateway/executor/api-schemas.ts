import type { Schema } from '@apollo/federation-internals';
import type { ApolloGateway } from '@apollo/gateway';

interface ApiSchemaHolder {
  apiSchema?: Schema;
}

/**
 * The API schemas of the gateways that opted in to one of our replacements of an @apollo/gateway
 * module function: the replacement is installed for the whole process, and picks per API schema
 * whether a call is ours or Apollo's, so that other gateways in the process keep Apollo's.
 */
export class OptedInSchemas {
  private readonly schemas = new WeakSet<Schema>();

  has(schema: Schema): boolean {
    return this.schemas.has(schema);
  }

  /** Every API schema the gateway loads from now on (ApolloGateway holds it, privately). */
  add(gateway: ApolloGateway): void {
    gateway.onSchemaLoadOrUpdate(() => {
      const apiSchema = apiSchemaOf(gateway);
      if (apiSchema) this.schemas.add(apiSchema);
    });
  }

  /** Whether the gateway's current API schema opted in. */
  holds(gateway: ApolloGateway): boolean {
    const apiSchema = apiSchemaOf(gateway);
    return !!apiSchema && this.schemas.has(apiSchema);
  }
}

function apiSchemaOf(gateway: ApolloGateway): Schema | undefined {
  return (gateway as unknown as ApiSchemaHolder).apiSchema;
}
