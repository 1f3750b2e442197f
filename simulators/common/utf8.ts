/** A body the system reads as UTF-8: a byte sequence that is not UTF-8 throws, it is never replaced by U+FFFD. */
export function decodeUtf8Strictly(body: Buffer): string {
  return new TextDecoder('utf-8', { fatal: true }).decode(body);
}
