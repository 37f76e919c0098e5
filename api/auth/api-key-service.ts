// The API key service: admins list, create and revoke the keys external systems call with, each audited
// (api-keys.ts holds the rules of a key and its SQL). Checked inside, so every caller gets the same
// refusal. A key authenticates itself with authenticateApiKey (api/graphql/viewer.ts).
import type { Db } from '../../platform/store/db.js';
import { requireAdmin } from '../../platform/people/roles.js';
import type { User } from '../../platform/people/users.js';
import { createApiKey, listApiKeys, revokeApiKey } from './api-keys.js';

export function createApiKeyService(db: Db) {
  return {
    list(viewer: User) {
      requireAdmin(viewer);
      return listApiKeys(db);
    },
    /** A new key and its secret, shown this once. */
    create(viewer: User, input: unknown) {
      requireAdmin(viewer);
      return createApiKey(db, viewer.id, input);
    },
    revoke(viewer: User, id: string) {
      requireAdmin(viewer);
      return revokeApiKey(db, viewer.id, id);
    },
  };
}

export type ApiKeyService = ReturnType<typeof createApiKeyService>;
