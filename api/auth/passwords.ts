// Passwords, hashed with argon2id. A sign-in for an unknown address still runs one verification, so
// its timing does not tell which addresses have accounts.
import { hash, verify } from '@node-rs/argon2';

export const MIN_PASSWORD = 10;
export const MAX_PASSWORD = 200;

export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

let decoy: Promise<string> | undefined;

export async function verifyPassword(stored: string | null | undefined, password: string): Promise<boolean> {
  if (!stored) {
    await verify(await (decoy ??= hash('not a password of anyone')), password).catch(() => false);
    return false;
  }
  return verify(stored, password).catch(() => false);
}
