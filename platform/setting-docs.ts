// What each setting of the configuration means, for operators: every setting of the schema carries one
// (platform/config.ts, and each vendor's settings.ts). docs/operations.md's configuration table is
// generated from them and from the schema's defaults (`npm run docs:tables`;
// test/unit/docs-tables.test.ts fails when the committed table differs). A module of its own, so that the
// vendors' settings, which the configuration composes, can describe theirs without importing it.
import { z } from 'zod';

export interface SettingDoc {
  /** What it does, in Markdown. */
  meaning: string;
  /** What an unset setting without a default means (`npm start` runs its own PostgreSQL, …). */
  unset?: string;
}

export const settingDocs = z.registry<SettingDoc>();

/** The setting, described. */
export function doc<T extends z.ZodType>(setting: T, meaning: string, unset?: string): T {
  settingDocs.add(setting, { meaning, ...(unset !== undefined && { unset }) });
  return setting;
}
