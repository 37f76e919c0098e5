// Jira as the list of vendors (../vendors.ts) knows it: `jira` actions create issues (adapter.ts), an
// issue is named by its key or id, the settings come from JIRA_* (settings.ts), and Jira's webhook
// tells tickets about their issues (webhook.ts).
import type { Vendor } from '../vendor.js';
import { jiraConfig, type JiraSettings } from './settings.js';
import { jiraWebhook } from './webhook.js';

export const jira = {
  system: 'jira',
  name: 'jira',
  settings: jiraConfig,
  webhook: jiraWebhook,
  objectIds: ['issue_key', 'issue_id'],
  async connect(settings, timeoutMs) {
    const { jiraAdapter } = await import('./adapter.js');
    return jiraAdapter(settings, timeoutMs);
  },
} as const satisfies Vendor<'jira', JiraSettings, typeof jiraConfig.variables>;
