/**
 * The simulation's only way into the system: the public HTTP API, as the pharmacies', merchants',
 * citizens' and drivers' apps call it, with tokens from the local runtime's sign-in
 * (`POST /local/token`), so a runtime started by the simulation and one named by `--api` are
 * driven the same way. Answers the simulation did not expect are counted, not thrown: a refused
 * step is part of a busy evening, and the run goes on.
 */
import type { Role } from '../declaration.ts';

export interface ApiAnswer<T = any> {
  readonly status: number;
  readonly body: T;
}

export class SimulationApi {
  private readonly tokens = new Map<string, Promise<string>>();
  /** Unexpected answers by "METHOD route status", for the run's closing lines. */
  readonly surprises = new Map<string, number>();
  requests = 0;

  /** `observe` sees every API answer as it came (the integration test checks each against the contract). */
  constructor(
    readonly baseUrl: string,
    private readonly observe?: (method: string, path: string, status: number, contentType: string | null, text: string) => void,
  ) {}

  token(role: Role, sub: string): Promise<string> {
    const key = `${role}:${sub}`;
    let token = this.tokens.get(key);
    if (!token) {
      token = this.signIn(role, sub);
      this.tokens.set(key, token);
      token.catch(() => this.tokens.delete(key));
    }
    return token;
  }

  private async signIn(role: Role, sub: string): Promise<string> {
    const response = await fetch(`${this.baseUrl}/local/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ role, sub }),
    });
    if (response.status !== 200) {
      throw new Error(`POST /local/token for ${role} ${sub} answered ${response.status}: is ${this.baseUrl} a local runtime (npm start)?`);
    }
    return ((await response.json()) as { accessToken: string }).accessToken;
  }

  /**
   * Calls the API as `role`/`sub`. `expected` lists the statuses the caller handles; any other is
   * counted under the route (ids replaced by `{id}`) and returned all the same.
   */
  async call<T = any>(role: Role, sub: string, method: string, path: string, body?: unknown, expected: readonly number[] = [200, 201, 202]): Promise<ApiAnswer<T>> {
    const token = await this.token(role, sub);
    this.requests++;
    let status: number;
    let parsed: unknown;
    try {
      const response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      status = response.status;
      const text = await response.text();
      this.observe?.(method, path, status, response.headers.get('content-type'), text);
      parsed = text ? JSON.parse(text) : undefined;
    } catch (error) {
      status = 0;
      parsed = { error: { code: 'NETWORK', message: error instanceof Error ? error.message : String(error) } };
    }
    if (!expected.includes(status)) {
      const code = (parsed as { error?: { code?: string } } | undefined)?.error?.code;
      const key = `${method} ${path.replace(/\?.*$/, '').replace(/\/(?:[a-z]{2,5}_[A-Za-z0-9_-]+|[A-Z0-9]{26})(?=\/|$)/g, '/{id}')} ${status}${code ? ` ${code}` : ''}`;
      this.surprises.set(key, (this.surprises.get(key) ?? 0) + 1);
    }
    return { status, body: parsed as T };
  }

  /** Every item of a paged list (`items` and `nextCursor`). */
  async all<T = any>(role: Role, sub: string, path: string): Promise<T[]> {
    const items: T[] = [];
    let cursor: string | null = null;
    do {
      const separator = path.includes('?') ? '&' : '?';
      const page: ApiAnswer<{ items: T[]; nextCursor: string | null }> = await this.call(
        role,
        sub,
        'GET',
        `${path}${separator}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      if (page.status !== 200) break;
      items.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    return items;
  }
}
