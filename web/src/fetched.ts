/**
 * One read of what a page follows (a tracking link, an order, a ride). Plain types, no Preact:
 * the API readers that return it are also checked by the repository's own TypeScript project.
 */
export type Fetched<T> =
  | { readonly kind: 'found'; readonly value: T }
  /** Unknown, malformed or not the reader's: nothing to follow. */
  | { readonly kind: 'not-found' }
  /** The reader's session is over (401): nothing to follow until they sign in again. */
  | { readonly kind: 'signed-out' }
  /** Offline, throttled or a server fault: try again later. */
  | { readonly kind: 'unreachable' };
