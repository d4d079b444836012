/**
 * Where a sign-in may send the person afterwards: a path of this origin only. `//host` and
 * `/\host` are other origins to a browser; anything not starting with one `/` is refused.
 */
export function sameOriginPath(next: string | null): string | undefined {
  return next && /^\/(?![/\\])/.test(next) ? next : undefined;
}
