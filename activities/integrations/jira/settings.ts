// Jira's part of the configuration: the site, the account and project `jira` actions create issues
// with, and the secret of the Jira webhook that tells tickets about their issues. Unset JIRA_URL: the
// actions are recorded as not configured; unset JIRA_WEBHOOK_SECRET: /webhooks/jira answers 404.
import { z } from 'zod';
import type { ParsedVariables, VendorSettings } from '../vendor.js';
import { webhookSecret } from '../webhooks.js';

const variables = {
  /** Jira Cloud (or Data Center) that `jira` integration actions create issues in, e.g.
   * https://example.atlassian.net. Unset: those actions are recorded as not configured. */
  JIRA_URL: z.url('must be a URL such as https://example.atlassian.net').optional(),
  /** The account the API token belongs to. */
  JIRA_EMAIL: z.email('must be an email address').optional(),
  JIRA_API_TOKEN: z.string().min(1).optional(),
  /** The project issues are created in. */
  JIRA_PROJECT_KEY: z
    .string()
    .regex(/^[A-Z][A-Z0-9_]+$/, 'must be a Jira project key such as ENG')
    .optional(),
  JIRA_ISSUE_TYPE: z.string().min(1).default('Task'),
  /** The secret of the Jira webhook that POSTs to /webhooks/jira (Jira signs with it: X-Hub-Signature).
   * Unset: that endpoint answers 404. */
  JIRA_WEBHOOK_SECRET: webhookSecret,
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
