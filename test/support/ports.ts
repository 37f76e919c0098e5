// Ports for the servers a test starts (a Temporal dev server, an API, a mail catcher). They are drawn
// below the kernel's ephemeral range (Linux: 32768-60999): a port the kernel handed out for listen(0)
// would be free now and could be handed to anyone a moment later — a dev server's internal services
// bind such ports — and the test's own server would then meet EADDRINUSE. Ports below that range are
// only ever taken by a program that names them; each test process starts drawing at a random place in
// it, so that two processes (every test file runs in one) rarely draw the same port, even one a killed
// server is about to take back.
import { createServer } from 'node:net';

const LOW = 20_000;
const HIGH = 32_000;
let next = LOW + Math.floor(Math.random() * (HIGH - LOW));
let drawn = 0;

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A TCP port free on 127.0.0.1 now, and out of the way of the ports the kernel hands out. */
export async function freePort(): Promise<number> {
  for (let tries = 0; tries < HIGH - LOW; tries++) {
    const port = next;
    next = next + 1 >= HIGH ? LOW : next + 1;
    drawn += 1;
    if (await isFree(port)) return port;
  }
  throw new Error(`no free port between ${LOW} and ${HIGH} after ${drawn} tries`);
}
