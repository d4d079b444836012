/**
 * A typed Gancang client: openapi-fetch over the types generated from openapi.json. The bench and
 * the integration tests call the API through it, so a contract change fails to compile where a
 * client's code would stop fitting.
 */
import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { paths } from './gancang-api.ts';

export type GancangClient = Client<paths>;
export type { paths };

export function gancangClient(baseUrl: string, token?: string, options: Omit<ClientOptions, 'baseUrl'> = {}): GancangClient {
  return createClient<paths>({ ...options, baseUrl, headers: { ...(token && { authorization: `Bearer ${token}` }), ...options.headers } });
}
