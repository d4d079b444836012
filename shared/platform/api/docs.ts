import * as z from 'zod';
import { defineContract } from '../http/operation.ts';

/** The viewer's files: the Swagger UI bundle and style sheet, and the script that starts it. */
export const DOCS_ASSETS = {
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui.css': 'text/css; charset=utf-8',
  'init.js': 'text/javascript; charset=utf-8',
} as const;

export const docsContract = defineContract({
  'GET /v1/openapi.json': {
    tag: 'Anyone',
    summary: 'This document',
    description: 'The OpenAPI 3.1 document of the API, generated from the schemas the handlers validate with. Feed it to a client generator (e.g. openapi-typescript).',
    responses: {
      200: {
        description: 'The OpenAPI document.',
        schema: z.looseObject({ openapi: z.string(), info: z.looseObject({ title: z.string(), version: z.string() }), paths: z.record(z.string(), z.unknown()) }),
      },
    },
  },
  'GET /docs': {
    tag: 'Anyone',
    summary: 'The API reference, to read in a browser',
    description: 'This document rendered with Swagger UI, served from the API itself: no script, style or font from elsewhere, under a strict Content-Security-Policy.',
    responses: { 200: { description: 'The reference page.', text: { mediaTypes: ['text/html'], example: '<!doctype html><html lang="en">…' } } },
  },
  'GET /docs/{asset}': {
    tag: 'Anyone',
    summary: "The reference page's scripts and style sheet",
    description: 'The files the page at `/docs` loads.',
    path: z.object({ asset: z.string().max(64).meta({ description: `One of ${Object.keys(DOCS_ASSETS).join(', ')}.` }) }),
    responses: { 200: { description: 'The file.', text: { mediaTypes: ['text/javascript', 'text/css'] } } },
    refusals: { 404: ['NOT_FOUND'] },
    example: { path: { asset: 'swagger-ui.css' } },
  },
});
