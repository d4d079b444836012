/** The staff pages, one lazily loaded chunk (see main.tsx). */
import type { ComponentType } from 'preact';
import { SignInCallbackPage, SignInPage } from './auth/sign-in-page.tsx';
import { DeskPage } from './desk/desk-page.tsx';
import { OpsPage } from './ops/ops-page.tsx';

export const staffPages: Readonly<Record<'signin' | 'signin/callback' | 'desk' | 'ops', ComponentType>> = {
  signin: SignInPage,
  'signin/callback': SignInCallbackPage,
  desk: DeskPage,
  ops: OpsPage,
};
