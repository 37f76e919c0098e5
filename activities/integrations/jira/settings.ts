// Jira's part of the configuration: the site, the account and project `jira` actions create issues
// with, and the secret of the Jira webhook that tells tickets about their issues. Unset JIRA_URL: the
// actions are recorded as not configured; unset JIRA_WEBHOOK_SECRET: /webhooks/jira answers 404.
import { z } from 'zod';
import { doc } from '../../../platform/setting-docs.js';
import type { ParsedVariables, VendorSettings } from '../vendor.js';
import { webhookSecret } from '../webhooks.js';

const variables = {
  JIRA_URL: doc(
    z.url('must be a URL such as https://example.atlassian.net').optional(),
    'Jira (Cloud or Data Center) that `jira` integration actions create issues in, e.g. `https://example.atlassian.net`; set it with `JIRA_EMAIL`, `JIRA_API_TOKEN` and `JIRA_PROJECT_KEY`',
    'Jira not configured: its actions are recorded as `not_configured`',
  ),
  JIRA_EMAIL: doc(
    z.email('must be an email address').optional(),
    'the Atlassian account the API token belongs to',
    '—',
  ),
  JIRA_API_TOKEN: doc(z.string().min(1).optional(), "that account's API token (Basic auth)", '—'),
  JIRA_PROJECT_KEY: doc(
    z
      .string()
      .regex(/^[A-Z][A-Z0-9_]+$/, 'must be a Jira project key such as ENG')
      .optional(),
    'the project issues are created in, e.g. `ENG`',
    '—',
  ),
  JIRA_ISSUE_TYPE: doc(z.string().min(1).default('Task'), 'the issue type of created issues'),
  JIRA_WEBHOOK_SECRET: webhookSecret(
    'the secret of the Jira webhook that calls `/webhooks/jira` (Jira signs with it: `X-Hub-Signature`)',
    '/webhooks/jira',
  ),
};

export interface JiraSettings {
  url: string;
  email: string;
  apiToken: string;
  projectKey: string;
  issueType: string;
}

/** Where `jira` integration actions go, or undefined when Jira is not configured. */
export function jiraSettings(config: ParsedVariables<typeof variables>): JiraSettings | undefined {
  const { JIRA_URL: url, JIRA_EMAIL: email, JIRA_API_TOKEN: apiToken, JIRA_PROJECT_KEY: projectKey } = config;
  if (!url || !email || !apiToken || !projectKey) return undefined;
  return { url: url.replace(/\/+$/, ''), email, apiToken, projectKey, issueType: config.JIRA_ISSUE_TYPE };
}

/** Jira's part of the configuration. */
export const jiraConfig = {
  variables,
  switchedOnBy: 'JIRA_URL',
  together: { JIRA_URL: ['JIRA_EMAIL', 'JIRA_API_TOKEN', 'JIRA_PROJECT_KEY'] },
  read: jiraSettings,
  env: (settings) => ({
    JIRA_URL: settings.url,
    JIRA_EMAIL: settings.email,
    JIRA_API_TOKEN: settings.apiToken,
    JIRA_PROJECT_KEY: settings.projectKey,
    JIRA_ISSUE_TYPE: settings.issueType,
  }),
} satisfies VendorSettings<JiraSettings, typeof variables>;
