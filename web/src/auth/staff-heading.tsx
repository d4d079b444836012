/**
 * The top of a staff page: its title, who is signed in (with signing out), and, when the API
 * cannot be reached, a notice that says so while the page keeps what it last read.
 */
import { SignOut } from './sign-in-page.tsx';

export function StaffHeading({ title, sub, unreachable }: { title: string; sub: string; unreachable?: string | undefined }) {
  return (
    <>
      <h1>{title}</h1>
      <SignOut sub={sub} />
      {unreachable ? (
        <p class="notice" role="status">
          {unreachable}
        </p>
      ) : null}
    </>
  );
}
