// Validation of a process's notification rules: good rules pass, and each bad one is reported with the
// exact path of the offending value, like every other rule of the language.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { NotificationRule } from '../../workflows/process/definition.js';
import { validateDefinition } from '../../workflows/process/validate.js';
import { assertProblem, base, groups, problems } from '../support/validation.js';

const rule = (more: Partial<NotificationRule> & Record<string, unknown> = {}): NotificationRule => ({
  on: 'commented',
  to: ['requester', 'assignee'],
  channels: ['email'],
  template: 'new_comment',
  ...more,
});

describe('notification rules of a process', () => {
  it('accepts rules on every event, with recipients of every kind', () => {
    const def = base();
    def.slas![0]!.atRisk = { at: 0.5, actions: [] };
    def.notifications = [
      rule(),
      rule({ on: 'created', to: ['coordinators'], channels: ['push'] }),
      rule({ on: 'assigned', to: ['assignee'], channels: ['push'] }),
      rule({ on: 'moved', into: ['waiting', 'done'], to: [{ group: 'tier2' }], includeField: 'answer' }),
      rule({ on: 'moved', to: ['requester'] }),
      rule({ on: 'sla_at_risk', to: ['coordinators'] }),
      rule({ on: 'sla_breached', to: ['coordinators'], channels: ['email', 'push'] }),
      rule({ on: 'resolved', to: ['requester'] }),
    ];
    const result = validateDefinition(def, { groups });
    assert.ok(result.ok, JSON.stringify(!result.ok && result.problems));
    assert.deepEqual(result.definition.notifications, def.notifications);
  });

  it('refuses unknown events, recipients and channels, and empty lists', () => {
    const found = problems((d) => {
      d.notifications = [
        rule({ on: 'deleted' as 'created' }),
        rule({ to: ['everyone' as 'requester'] }),
        rule({ channels: ['sms' as 'email'] }),
        rule({ to: [] }),
        rule({ channels: [] }),
      ];
    });
    assertProblem(found, 'notifications[0].on', /must be one of created, assigned, commented, moved/);
    assertProblem(found, 'notifications[1].to[0]', /./);
    assertProblem(found, 'notifications[2].channels[0]', /./);
    assertProblem(found, 'notifications[3].to', /too small|at least/i);
    assertProblem(found, 'notifications[4].channels', /too small|at least/i);
  });

  it('refuses unknown properties and a missing template', () => {
    const found = problems((d) => {
      const noTemplate: Partial<NotificationRule> = rule();
      delete noTemplate.template;
      d.notifications = [rule({ when: 'always' }), noTemplate as NotificationRule];
    });
    assertProblem(found, 'notifications[0]', /when/);
    assertProblem(found, 'notifications[1].template', /expected string/);
  });

  it('checks the states a moved rule names, and allows them on moved rules only', () => {
    const found = problems((d) => {
      d.notifications = [rule({ on: 'moved', into: ['done', 'nowhere'] }), rule({ on: 'commented', into: ['done'] })];
    });
    assertProblem(found, 'notifications[0].into[1]', /^unknown state "nowhere"$/);
    assertProblem(found, 'notifications[1].into', /only a "moved" rule names the states moved into/);
    assert.ok(!found.some((p) => p.path === 'notifications[0].into[0]'), 'a known state is fine');
  });

  it('checks the included field and the groups', () => {
    const found = problems((d) => {
      d.notifications = [rule({ includeField: 'mood', to: ['requester', { group: 'ghosts' }] })];
    });
    assertProblem(found, 'notifications[0].includeField', /^unknown field "mood"$/);
    assertProblem(found, 'notifications[0].to[1].group', /^unknown group "ghosts"$/);
    // Without the groups that exist, a group is not checked.
    const def = base();
    def.notifications = [rule({ to: [{ group: 'ghosts' }] })];
    assert.ok(validateDefinition(def).ok);
  });

  it('refuses SLA rules that can never fire', () => {
    const found = problems((d) => {
      d.notifications = [rule({ on: 'sla_at_risk' })];
    });
    assertProblem(found, 'notifications[0].on', /no SLA of the process has an atRisk threshold/);
    assertProblem(
      problems((d) => {
        delete d.slas;
        d.notifications = [rule({ on: 'sla_breached' })];
      }),
      'notifications[0].on',
      /the process has no SLAs/,
    );
  });

  it('caps the rules at 50', () => {
    assertProblem(
      problems((d) => (d.notifications = Array.from({ length: 51 }, () => rule()))),
      'notifications',
      /^51 notification rules: the limit is 50$/,
    );
  });
});
