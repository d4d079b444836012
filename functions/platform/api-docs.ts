import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { httpFunction } from '#platform/http/http-function';
import { routesOf } from '#platform/http/operation';
import { ok, TextBody } from '#platform/http/request';
import { NotFoundError } from '#platform/errors';
import { DOCS_ASSETS, docsContract } from '#platform/api/docs';
import document from '../../openapi/openapi.json' with { type: 'json' };

/**
 * The published contract: the generated OpenAPI document, and a reference page that renders it
 * with Swagger UI. Every file the page needs comes from here, so it works offline and under a
 * Content-Security-Policy that admits nothing from elsewhere and no inline script or style.
 */
const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Gancang API reference</title>
<link rel="stylesheet" href="/docs/swagger-ui.css">
</head>
<body>
<div id="docs"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script>
</body>
</html>
`;

// validatorUrl null: Swagger UI would otherwise send the document to validator.swagger.io.
const INIT = `window.ui = SwaggerUIBundle({ url: '/v1/openapi.json', dom_id: '#docs', deepLinking: true, validatorUrl: null, tryItOutEnabled: false });\n`;

/** Swagger UI's files: beside the bundle on Lambda (copied there at bundling), else from node_modules. */
function viewerFile(name: string): string {
  const bundled = fileURLToPath(new URL(`./swagger-ui/${name}`, import.meta.url));
  if (existsSync(bundled)) return readFileSync(bundled, 'utf8');
  return readFileSync(join(dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json')), name), 'utf8');
}

const files = new Map<string, string>();
const asset = (name: keyof typeof DOCS_ASSETS): string => {
  let text = files.get(name);
  if (text === undefined) files.set(name, (text = name === 'init.js' ? INIT : viewerFile(name)));
  return text;
};

const SECURITY_HEADERS = { 'content-security-policy': CSP, 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' };

export const handler = httpFunction(
  routesOf(docsContract, {
    'GET /v1/openapi.json': async () => ({ ...ok(document), headers: { 'cache-control': 'public, max-age=300', 'access-control-allow-origin': '*' } }),
    'GET /docs': async () => ({ ...ok(new TextBody(PAGE, 'text/html; charset=utf-8')), headers: { ...SECURITY_HEADERS, 'cache-control': 'public, max-age=300' } }),
    'GET /docs/{asset}': async ({ path }) => {
      if (!Object.hasOwn(DOCS_ASSETS, path.asset)) throw new NotFoundError('Docs file');
      const name = path.asset as keyof typeof DOCS_ASSETS;
      return { ...ok(new TextBody(asset(name), DOCS_ASSETS[name])), headers: { ...SECURITY_HEADERS, 'cache-control': 'public, max-age=3600' } };
    },
  }),
);
