/**
 * Generates what is derived from the contract: the OpenAPI document, and the TypeScript types of
 * its paths for typed clients (openapi-typescript). `npm run openapi` writes both into openapi/;
 * test/unit/openapi-document.test.ts fails while the committed files differ from a fresh generation.
 */
import { readFileSync } from 'node:fs';
import openapiTS, { astToString, COMMENT_HEADER } from 'openapi-typescript';
import { buildOpenApiDocument } from './document.ts';

export const DOCUMENT_FILE = new URL('../../openapi/openapi.json', import.meta.url);
export const TYPES_FILE = new URL('../../openapi/gancang-api.ts', import.meta.url);

const version = (): string => (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** The document as committed: two-space JSON with a final newline. */
export function documentText(): string {
  return `${JSON.stringify(buildOpenApiDocument(version()), null, 2)}\n`;
}

export async function typesText(document: string): Promise<string> {
  const ast = await openapiTS(JSON.parse(document) as Parameters<typeof openapiTS>[0], { exportType: false, alphabetize: false });
  return COMMENT_HEADER.replace('openapi-typescript.', 'openapi-typescript from openapi/openapi.json (npm run openapi).') + astToString(ast);
}
