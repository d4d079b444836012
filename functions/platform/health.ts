import type { APIGatewayProxyResultV2 } from 'aws-lambda';

// Public liveness probe: no I/O, so it answers even when a dependency is down.
export const handler = async (): Promise<APIGatewayProxyResultV2> => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body: JSON.stringify({ status: 'ok' }),
});
