export type RegistryErrorCode =
  | 'VERSION_CONFLICT'
  | 'VERSION_NOT_FOUND'
  | 'REGISTRY_EMPTY'
  | 'REGISTRY_CORRUPT'
  | 'REGISTRY_LOCK_TIMEOUT'
  | 'INVALID_SDL'
  | 'INVALID_INPUT';

export class RegistryError extends Error {
  constructor(
    readonly code: RegistryErrorCode,
    message: string,
    readonly facts: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'RegistryError';
  }
}

export function isRegistryError(error: unknown, code?: RegistryErrorCode): error is RegistryError {
  return error instanceof RegistryError && (code === undefined || error.code === code);
}
