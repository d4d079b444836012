/**
 * The gate of every page that needs a signed-in person: the page itself for a session with one of
 * `roles`, otherwise what the page is for and a link to sign in that comes back here (with a
 * role to pick first, when the page says which).
 */
import type { ComponentChildren } from 'preact';
import { useMemo } from 'preact/hooks';
import { currentSession, type Session } from './session.ts';

export function SignedIn(props: {
  readonly roles: readonly string[];
  /** The page's heading, shown above the sign-in line (staff pages), or none. */
  readonly title?: string;
  readonly needSignIn: string;
  readonly signInText: string;
  /** The role the sign-in page starts with. */
  readonly signInRole?: string;
  readonly pageClass?: string;
  readonly children: (session: Session) => ComponentChildren;
}) {
  const session = useMemo(() => currentSession(), []);
  if (session && session.roles.some((role) => props.roles.includes(role))) return <>{props.children(session)}</>;
  const link = signInLink(props.signInRole);
  return (
    <main class={props.pageClass ?? 'page'}>
      {props.title !== undefined && <h1>{props.title}</h1>}
      <p>
        {props.needSignIn} <a href={link}>{props.signInText}</a>
      </p>
    </main>
  );
}

/** The sign-in page, coming back to this page (whose path the browser keeps percent-encoded) afterwards. */
export function signInLink(role?: string): string {
  return `/signin?next=${location.pathname}${role ? `&role=${encodeURIComponent(role)}` : ''}`;
}
