import { createServer } from 'node:net';

/**
 * Emulator ports follow the API port, so two installations started with different `PORT`s
 * (3000 and 3001, say) never reach for the same emulator port: DynamoDB Local on PORT+5000
 * (8000 for the default 3000, its usual port) and the SQS emulator on PORT+1566 (4566, the usual
 * LocalStack/fauxqs port). A derived port that is taken, or an API port of 0, means "any free
 * port"; the banner prints what was chosen.
 */
export const DYNAMODB_PORT_OFFSET = 5000;
export const SQS_PORT_OFFSET = 1566;

/** True when nothing listens on `port` (checked on all interfaces, as the emulators bind them). */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen({ port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** A port the OS considers free right now (another process may still take it before we do). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ port: 0, exclusive: true }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('Could not obtain a free port'))));
    });
  });
}

/** The port an emulator should use: `apiPort + offset` when that is valid and free, else any free one. */
export async function emulatorPort(apiPort: number, offset: number): Promise<number> {
  const preferred = apiPort + offset;
  if (apiPort > 0 && preferred <= 65_535 && (await isPortFree(preferred))) return preferred;
  return freePort();
}
