import { createServer } from 'node:net';

/**
 * Asks the OS for a TCP port that is free right now on `host`.
 *
 * The port is released before this resolves, so another process can still take it
 * before the caller binds it: callers that spawn a server on it should retry on
 * "address in use" rather than trust it blindly.
 *
 * @param host - interface to probe; `127.0.0.1` by default because every local
 *   emulator is meant to be reached over loopback only.
 */
export async function getFreePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ port: 0, host, exclusive: true }, () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        server.close();
        reject(new Error(`Could not read the port the OS assigned on ${host}`));
        return;
      }
      server.close((err) => (err ? reject(err) : resolve(address.port)));
    });
  });
}

/**
 * Whether `port` can be bound on `host` right now.
 *
 * @param host - `0.0.0.0` by default: a server that binds all interfaces (DynamoDB
 *   Local) fails if the port is taken on any of them.
 */
export async function isPortFree(port: number, host = '0.0.0.0'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}
