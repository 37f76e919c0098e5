// The VAPID key pair Web Push messages are signed with, and the public half browsers subscribe with.
// Every API replica and worker must use the same pair (a browser's subscription is bound to it), so
// unless the operator sets one, the first process to start makes one and keeps it in Postgres: the
// insert ignores a second pair, and every process reads the one that won.
import webpush from 'web-push';
import type { WebPushSettings } from '../config.js';
import type { Db } from '../store/db.js';

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
}

export async function vapidKeys(db: Db, settings: Pick<WebPushSettings, 'keys'>): Promise<VapidKeys> {
  if (settings.keys) return settings.keys;
  const made = webpush.generateVAPIDKeys();
  await db
    .insertInto('web_push_keys')
    .values({ public_key: made.publicKey, private_key: made.privateKey })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  const kept = await db.selectFrom('web_push_keys').select(['public_key', 'private_key']).executeTakeFirstOrThrow();
  return { publicKey: kept.public_key, privateKey: kept.private_key };
}

/** The keys read once per process, on first use (made then if none are kept yet). */
export function keptVapidKeys(db: Db, settings: Pick<WebPushSettings, 'keys'>): () => Promise<VapidKeys> {
  let loading: Promise<VapidKeys> | undefined;
  return () => {
    loading ??= vapidKeys(db, settings).catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    return loading;
  };
}
