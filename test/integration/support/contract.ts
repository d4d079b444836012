/**
 * Checks every HTTP response the integration suites receive against the committed OpenAPI
 * document (openapi/openapi.json, which a unit test keeps equal to a fresh generation): the status
 * must be one the operation declares, the content type one it declares for that status, and a
 * JSON body must match the schema (strict objects: an undeclared field fails too). A response to
 * an API path (`/v1…`, `/docs…`) that no operation serves must be the gateway's 404 or 405; outside
 * them the web app answers GET and HEAD (its pages and files: 200, or 304 when unchanged).
 *
 * A mismatch throws from the request helper, so the test that made the request fails, naming the
 * operation and what did not match. Each test file's tally (responses, operations) is written for
 * the global teardown, which prints the run's total.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, inject } from 'vitest';
import { LOCAL_MESSAGES_PATH, localErrorSchema, localMessagesResponseSchema } from '../../../infra/local/local-messages.ts';

interface MediaType {
  readonly schema?: unknown;
}
interface Response {
  readonly $ref?: string;
  readonly content?: Readonly<Record<string, MediaType>>;
}
interface Operation {
  readonly operationId: string;
  readonly responses: Readonly<Record<string, Response>>;
}
interface Document {
  readonly paths: Readonly<Record<string, Readonly<Record<string, Operation>>>>;
  readonly components: { readonly responses?: Readonly<Record<string, Response>> };
}

const DOCUMENT_URL = new URL('../../../openapi/openapi.json', import.meta.url);
const document = JSON.parse(readFileSync(DOCUMENT_URL, 'utf8')) as Document;

const ajv = new Ajv2020({ strict: false, allErrors: true });
(addFormats as unknown as (a: Ajv2020) => void)(ajv);
ajv.addSchema(document, 'openapi.json');

/** Operations by method, most specific path first (static segments before `{params}`), as the gateway matches. */
const templates = Object.entries(document.paths)
  .flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => ({
      method: method.toUpperCase(),
      path,
      operation,
      segments: path.split('/').filter(Boolean),
    })),
  )
  .sort((a, b) => rank(a.segments).localeCompare(rank(b.segments)));

function rank(segments: readonly string[]): string {
  return segments.map((segment) => (segment.startsWith('{') ? '1' : '0')).join('');
}

export function operationFor(method: string, rawPath: string): { path: string; operation: Operation } | undefined {
  // The path as fetch sends it (dot segments resolved), which is what the gateway routes.
  const parts = new URL(rawPath, 'http://gancang.invalid').pathname.split('/').filter(Boolean);
  return templates.find(
    (t) => t.method === method.toUpperCase() && t.segments.length === parts.length && t.segments.every((segment, i) => segment.startsWith('{') || segment === safeDecode(parts[i]!)),
  );
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

const pointer = (...tokens: string[]): string => tokens.map((token) => token.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');

const validators = new Map<string, ValidateFunction>();
function validatorAt(ref: string): ValidateFunction {
  let validate = validators.get(ref);
  if (!validate) {
    validate = ajv.getSchema(ref);
    if (!validate) throw new Error(`No schema at ${ref}`);
    validators.set(ref, validate);
  }
  return validate;
}

const tally = { responses: 0, unrouted: 0, operations: new Set<string>() };

/** The API's own paths, as CloudFront routes them to the HTTP API on AWS; the web app has the rest. */
const isApiPath = (pathname: string): boolean => /^\/(v1|docs)(\/|$)/.test(pathname);
/** The local runtime's own sign-in (POST /local/token): it stands in for Cognito, it is no API operation. */
const isLocalRuntimePath = (pathname: string): boolean => pathname === '/local/token';

/**
 * The local outbox (GET /local/messages): the local runtime's too, so not in the document; its
 * answers are checked against the runtime's own schema (infra/local/local-messages.ts) instead.
 */
function checkLocalMessages(where: string, status: number, contentType: string | null, text: string): void {
  const schema = status === 200 ? localMessagesResponseSchema : status === 400 ? localErrorSchema : undefined;
  if (!schema) throw new ContractViolation(`${where}: the local outbox answers 200 or 400`);
  if (!(contentType ?? '').startsWith('application/json')) throw new ContractViolation(`${where}: content type '${contentType}' is not application/json`);
  const parsed = schema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new ContractViolation(`${where}: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  tally.responses++;
}

export class ContractViolation extends Error {}

/** Throws a ContractViolation when the response is not one the document allows for this request. */
export function checkResponse(method: string, rawPath: string, status: number, contentType: string | null, text: string): void {
  const found = operationFor(method, rawPath);
  const where = `${method.toUpperCase()} ${rawPath.split('?')[0]} → ${status}`;
  if (!found) {
    const pathname = new URL(rawPath, 'http://gancang.invalid').pathname;
    if (isLocalRuntimePath(pathname)) return; // answered by the local runtime, not the API: nothing in the document
    if (pathname === LOCAL_MESSAGES_PATH && method.toUpperCase() === 'GET') return checkLocalMessages(where, status, contentType, text);
    if (!isApiPath(pathname) && ['GET', 'HEAD'].includes(method.toUpperCase()) && (status === 200 || status === 304)) {
      return; // the web app's page or file: not an API operation, nothing to check against the document
    }
    // No operation serves this path: the gateway answers it, as on AWS.
    if (status !== 404 && status !== 405) throw new ContractViolation(`${where}: no operation serves this path, yet the answer is not the gateway's 404`);
    tally.unrouted++;
    return;
  }
  const { path, operation } = found;
  const name = `${operation.operationId} (${method.toUpperCase()} ${path})`;
  let response = operation.responses[String(status)];
  let responseRef = `openapi.json#/${pointer('paths', path, method.toLowerCase(), 'responses', String(status))}`;
  if (!response) throw new ContractViolation(`${where}: ${name} does not declare status ${status} (declared: ${Object.keys(operation.responses).join(', ')}). Body: ${text.slice(0, 300)}`);
  if (response.$ref) {
    const id = response.$ref.split('/').at(-1)!;
    responseRef = `openapi.json#/${pointer('components', 'responses', id)}`;
    response = document.components.responses?.[id];
    if (!response) throw new ContractViolation(`${where}: ${response} is not in the document`);
  }
  const declared = Object.keys(response.content ?? {});
  if (declared.length === 0) {
    if (text !== '') throw new ContractViolation(`${where}: ${name} declares no body for ${status}, yet one came: ${text.slice(0, 200)}`);
  } else {
    const mediaType = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
    if (!declared.includes(mediaType)) throw new ContractViolation(`${where}: content type '${contentType}' is not among ${declared.join(', ')} for ${name}`);
    if (mediaType === 'application/json') {
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        throw new ContractViolation(`${where}: ${name} answered a body that is not JSON: ${text.slice(0, 200)}`);
      }
      const validate = validatorAt(`${responseRef}/${pointer('content', mediaType, 'schema')}`);
      if (!validate(body)) {
        throw new ContractViolation(
          `${where}: the body does not match ${name}'s schema: ${ajv.errorsText(validate.errors, { separator: '; ' })}. Body: ${text.slice(0, 500)}`,
        );
      }
    }
  }
  tally.responses++;
  tally.operations.add(`${method.toUpperCase()} ${path}`);
}

// Each test file that checks responses leaves its tally where the global teardown collects it.
afterAll(() => {
  if (tally.responses === 0 && tally.unrouted === 0) return;
  const dir = inject('contractTallyDir');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${randomUUID()}.json`), JSON.stringify({ responses: tally.responses, unrouted: tally.unrouted, operations: [...tally.operations] }));
});
