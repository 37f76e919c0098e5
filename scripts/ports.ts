// Checks, before anything starts, that the ports `npm start` needs are free, so that a port held by
// another program is named with the variable that moves it instead of failing deep inside a server.
import { createServer } from 'node:net';

export class PortInUseError extends Error {
  constructor(
    readonly port: number,
    readonly variable: string,
  ) {
    super(`Port ${port} (${variable}) is in use by another program: stop it, or set ${variable} to a free port.`);
    this.name = 'PortInUseError';
  }
}

export async function assertPortFree(host: string, port: number, variable: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(port, variable) : error),
    );
    server.listen(port, host, () => server.close(() => resolve()));
  });
}
