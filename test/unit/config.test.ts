import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import webpush from 'web-push';
import { apsSettings } from '../../activities/integrations/cad/settings.js';
import { erpSettings } from '../../activities/integrations/erp/settings.js';
import { jiraSettings } from '../../activities/integrations/jira/settings.js';
import { salesforceSettings } from '../../activities/integrations/salesforce/settings.js';
import { vendors, type VendorSettingsBySystem } from '../../activities/integrations/vendors.js';
import { ConfigError, databaseUrl, loadConfig, vendorSettings, webPushSettings } from '../../platform/config.js';
import type { IntegrationSystem } from '../../workflows/process/vocabulary.js';

describe('configuration', () => {
  it('runs on embedded defaults when nothing is set', () => {
    const config = loadConfig({});
    assert.equal(config.DATABASE_URL, undefined);
    assert.equal(config.TEMPORAL_ADDRESS, undefined);
    assert.equal(config.TEMPORAL_NAMESPACE, 'ticketflow');
    assert.equal(config.TEMPORAL_TASK_QUEUE, 'tickets');
    assert.equal(config.API_PORT, 4000);
    assert.equal(databaseUrl(config), 'postgres://postgres:postgres@127.0.0.1:54329/ticketflow');
  });

  it('reads and coerces the environment', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://u@db:5432/tf',
      TEMPORAL_ADDRESS: 'temporal:7233',
      API_PORT: '8080',
      TEMPORAL_SETUP: 'false',
      DATA_DIR: '/var/lib/ticketflow',
    });
    assert.equal(databaseUrl(config), 'postgres://u@db:5432/tf');
    assert.equal(config.TEMPORAL_ADDRESS, 'temporal:7233');
    assert.equal(config.API_PORT, 8080);
    assert.equal(config.TEMPORAL_SETUP, false);
    assert.equal(config.DATA_DIR, '/var/lib/ticketflow');
  });

  it('treats an empty variable as unset', () => {
    assert.equal(loadConfig({ DATABASE_URL: '', API_PORT: '' }).API_PORT, 4000);
  });

  it('lists every problem at once', () => {
    assert.throws(
      () =>
        loadConfig({ DATABASE_URL: 'mysql://x', API_PORT: '99999', TEMPORAL_ADDRESS: 'no-port', LOG_LEVEL: 'loud' }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.deepEqual(
          error.problems.map((p) => p.split(':')[0]),
          ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'API_PORT', 'LOG_LEVEL'],
        );
        assert.match(error.message, /DATABASE_URL: must be a postgres:\/\/ URL/);
        return true;
      },
    );
  });

  it('reads the attachment limits: a size in bytes and a list of content types', () => {
    assert.equal(loadConfig({}).MAX_ATTACHMENT_BYTES, 25 * 1024 * 1024);
    assert.equal(loadConfig({}).ATTACHMENT_CONTENT_TYPES, undefined);
    const config = loadConfig({
      MAX_ATTACHMENT_BYTES: '1048576',
      ATTACHMENT_CONTENT_TYPES: 'image/png, Application/PDF',
    });
    assert.equal(config.MAX_ATTACHMENT_BYTES, 1048576);
    assert.deepEqual(config.ATTACHMENT_CONTENT_TYPES, ['image/png', 'application/pdf']);
    assert.throws(
      () => loadConfig({ MAX_ATTACHMENT_BYTES: '0', ATTACHMENT_CONTENT_TYPES: 'image/png,pdf' }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.deepEqual(
          error.problems.map((p) => p.split(':')[0]),
          ['MAX_ATTACHMENT_BYTES', 'ATTACHMENT_CONTENT_TYPES[1]'],
        );
        return true;
      },
    );
  });

  it('reads Jira settings: all four or none, every problem at once', () => {
    assert.equal(jiraSettings(loadConfig({})), undefined, 'not configured');
    const jira = {
      JIRA_URL: 'https://example.atlassian.net/',
      JIRA_EMAIL: 'bot@example.com',
      JIRA_API_TOKEN: 'secret',
      JIRA_PROJECT_KEY: 'ENG',
    };
    assert.deepEqual(jiraSettings(loadConfig(jira)), {
      url: 'https://example.atlassian.net',
      email: 'bot@example.com',
      apiToken: 'secret',
      projectKey: 'ENG',
      issueType: 'Task',
    });
    assert.throws(
      () => loadConfig({ JIRA_URL: 'example.atlassian.net', JIRA_PROJECT_KEY: 'eng', API_PORT: '0' }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.deepEqual(error.problems.map((p) => p.split(':')[0]).sort(), [
          'API_PORT',
          'JIRA_API_TOKEN',
          'JIRA_EMAIL',
          'JIRA_PROJECT_KEY',
          'JIRA_URL',
        ]);
        return true;
      },
    );
  });

  it('reads ERP settings: the URL with Basic auth or a token, every problem at once', () => {
    assert.equal(erpSettings(loadConfig({})), undefined, 'not configured');
    assert.deepEqual(
      erpSettings(loadConfig({ ERP_URL: 'https://erp.example.com/odata/v4/purchasing/', ERP_TOKEN: 't0k3n' })),
      {
        url: 'https://erp.example.com/odata/v4/purchasing',
        auth: { kind: 'bearer', token: 't0k3n' },
        pollEveryMs: 300_000,
      },
    );
    assert.deepEqual(
      erpSettings(
        loadConfig({
          ERP_URL: 'https://erp.example.com/odata',
          ERP_USERNAME: 'TF',
          ERP_PASSWORD: 'pw',
          ERP_POLL_SECONDS: '60',
        }),
      ),
      {
        url: 'https://erp.example.com/odata',
        auth: { kind: 'basic', username: 'TF', password: 'pw' },
        pollEveryMs: 60_000,
      },
    );
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig(env);
        return [];
      } catch (error) {
        assert.ok(error instanceof ConfigError);
        return error.problems.map((p) => p.split(':')[0]);
      }
    };
    assert.deepEqual(problems({ ERP_URL: 'https://erp.example.com' }), ['ERP_URL'], 'no credentials');
    assert.deepEqual(problems({ ERP_URL: 'erp', ERP_USERNAME: 'TF', ERP_POLL_SECONDS: '0' }).sort(), [
      'ERP_PASSWORD',
      'ERP_POLL_SECONDS',
      'ERP_URL',
    ]);
    assert.deepEqual(
      problems({ ERP_URL: 'https://erp.example.com', ERP_USERNAME: 'TF', ERP_PASSWORD: 'pw', ERP_TOKEN: 't' }),
      ['ERP_TOKEN'],
    );
    assert.deepEqual(problems({ ERP_TOKEN: 't' }), ['ERP_URL'], 'credentials without a URL');
  });

  it('reads Web Push settings: a key pair of both halves or none, a subject that push services accept', () => {
    assert.deepEqual(webPushSettings(loadConfig({})), {
      subject: 'mailto:ticketflow@localhost',
      allowLocalEndpoints: true,
    });
    const keys = webpush.generateVAPIDKeys();
    assert.deepEqual(
      webPushSettings(
        loadConfig({
          VAPID_PUBLIC_KEY: keys.publicKey,
          VAPID_PRIVATE_KEY: keys.privateKey,
          PUBLIC_URL: 'https://help.example.com',
        }),
      ),
      { keys, subject: 'https://help.example.com', allowLocalEndpoints: false },
    );
    assert.throws(
      () => loadConfig({ VAPID_PUBLIC_KEY: keys.privateKey, VAPID_SUBJECT: 'ops@example.com' }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.deepEqual(error.problems.map((p) => p.split(':')[0]).sort(), [
          'VAPID_PRIVATE_KEY',
          'VAPID_PUBLIC_KEY',
          'VAPID_SUBJECT',
        ]);
        return true;
      },
    );
  });

  it('reads Salesforce settings: login URL, client id and secret together, every problem at once', () => {
    assert.equal(salesforceSettings(loadConfig({})), undefined, 'not configured');
    const salesforce = {
      SALESFORCE_LOGIN_URL: 'https://example.my.salesforce.com/',
      SALESFORCE_CLIENT_ID: 'key',
      SALESFORCE_CLIENT_SECRET: 'secret',
    };
    assert.deepEqual(salesforceSettings(loadConfig(salesforce)), {
      loginUrl: 'https://example.my.salesforce.com',
      clientId: 'key',
      clientSecret: 'secret',
      apiVersion: '62.0',
      externalIdField: 'Ticketflow_Effect_Id__c',
      resolvedStatus: 'Closed',
    });
    assert.throws(
      () =>
        loadConfig({
          SALESFORCE_LOGIN_URL: 'https://example.my.salesforce.com',
          SALESFORCE_API_VERSION: '45.0',
          SALESFORCE_CASE_EXTERNAL_ID_FIELD: 'Effect_Id',
        }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.deepEqual(error.problems.map((p) => p.split(':')[0]).sort(), [
          'SALESFORCE_API_VERSION',
          'SALESFORCE_CASE_EXTERNAL_ID_FIELD',
          'SALESFORCE_CLIENT_ID',
          'SALESFORCE_CLIENT_SECRET',
        ]);
        return true;
      },
    );
  });

  it('reads APS settings: client id and secret together, a project id of the Data Management form', () => {
    assert.equal(apsSettings(loadConfig({})), undefined, 'not configured');
    assert.deepEqual(apsSettings(loadConfig({ APS_CLIENT_ID: 'id', APS_CLIENT_SECRET: 'secret' })), {
      baseUrl: 'https://developer.api.autodesk.com',
      clientId: 'id',
      clientSecret: 'secret',
    });
    assert.throws(
      () => loadConfig({ APS_CLIENT_ID: 'id', APS_PROJECT_ID: '9f3c2a10' }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.deepEqual(error.problems.map((p) => p.split(':')[0]).sort(), ['APS_CLIENT_SECRET', 'APS_PROJECT_ID']);
        return true;
      },
    );
  });

  it("reads every vendor's settings back from the variables they give (how the chaos run reaches a local vendor)", () => {
    const samples: { [S in IntegrationSystem]: NonNullable<VendorSettingsBySystem[S]>[] } = {
      jira: [
        {
          url: 'https://example.atlassian.net',
          email: 'bot@example.com',
          apiToken: 't',
          projectKey: 'ENG',
          issueType: 'Bug',
        },
      ],
      salesforce: [
        {
          loginUrl: 'https://example.my.salesforce.com',
          clientId: 'key',
          clientSecret: 'secret',
          apiVersion: '61.0',
          externalIdField: 'Effect__c',
          resolvedStatus: 'Solved',
        },
      ],
      erp: [
        {
          url: 'https://erp.example.com/odata',
          auth: { kind: 'basic', username: 'TF', password: 'pw' },
          pollEveryMs: 60_000,
        },
        { url: 'https://erp.example.com/odata', auth: { kind: 'bearer', token: 't0k3n' }, pollEveryMs: 1000 },
      ],
      cad: [
        { baseUrl: 'https://developer.api.autodesk.com', clientId: 'id', clientSecret: 'secret', projectId: 'b.1a2b' },
        { baseUrl: 'http://127.0.0.1:4010', clientId: 'id', clientSecret: 'secret' },
      ],
    };
    for (const vendor of vendors)
      for (const settings of samples[vendor.system]) {
        const read = vendorSettings(loadConfig(vendor.settings.env(settings)));
        assert.deepEqual(read, { [vendor.system]: settings }, vendor.system);
      }
  });
});
