// Jira as the list of vendors (../vendors.ts) knows it: `jira` actions create issues (adapter.ts), an
// issue is named by its key or id, and the settings come from JIRA_* (settings.ts).
import type { Vendor } from '../vendor.js';
import { jiraConfig, type JiraSettings } from './settings.js';

export const jira = {
  system: 'jira',
  name: 'jira',
  settings: jiraConfig,
  objectIds: ['issue_key', 'issue_id'],
  async connect(settings, timeoutMs) {
    const { jiraAdapter } = await import('./adapter.js');
    return jiraAdapter(settings, timeoutMs);
  },
} as const satisfies Vendor<'jira', JiraSettings, typeof jiraConfig.variables>;
