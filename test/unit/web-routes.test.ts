// The web app's route table (web/src/routes.ts), without a browser: every address a link is made
// with matches back to its route and params, search parameters are written only when set, the more
// specific of two overlapping paths wins, and who may open a page follows its roles.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inAdminArea, matchRoute, mayOpen, routes } from '../../web/src/routes.js';

describe('the route table of the web app', () => {
  it('makes addresses that match back to their route and params', () => {
    assert.equal(routes.ticket.href({ number: 'IT-000042' }), '/tickets/IT-000042');
    assert.deepEqual(matchRoute('/tickets/IT-000042'), { name: 'ticket', params: { number: 'IT-000042' } });
    assert.equal(routes.adminProcessEditor.href({ key: 'it-support' }), '/admin/processes/it-support/edit');
    assert.deepEqual(matchRoute('/admin/processes/it-support/edit'), {
      name: 'adminProcessEditor',
      params: { key: 'it-support' },
    });
    for (const name of Object.keys(routes) as (keyof typeof routes)[]) {
      if (routes[name].path.includes(':')) continue;
      assert.equal(matchRoute(routes[name].path)?.name, name, name);
    }
  });

  it('writes the search parameters that are set, flags as 1', () => {
    assert.equal(
      routes.board.href({ process: 'it-support', mine: true, group: '', priority: undefined, sla: false, q: 'VPN' }),
      '/board?process=it-support&mine=1&q=VPN',
    );
    assert.equal(routes.board.href({ process: '', mine: false }), '/board');
    assert.equal(
      routes.adminCompareVersions.href({ key: 'it-support' }, { a: 1, b: 2 }),
      '/admin/processes/it-support/compare?a=1&b=2',
    );
    assert.equal(routes.dashboard.href({ days: 7 }), '/dashboard?days=7');
  });

  it('matches /tickets/new as the new ticket page, and no page for other addresses', () => {
    assert.equal(matchRoute('/tickets/new')?.name, 'newTicket');
    assert.equal(matchRoute('/tickets/IT-1/x'), null);
    assert.equal(matchRoute('/tickets/a b'), null);
    assert.equal(matchRoute('/nowhere'), null);
  });

  it('lets each role open the pages its roles allow', () => {
    assert.ok(mayOpen('myTickets', 'EMPLOYEE'));
    assert.ok(!mayOpen('board', 'EMPLOYEE'));
    assert.ok(mayOpen('board', 'AGENT'));
    assert.ok(mayOpen('dashboard', 'COORDINATOR'));
    assert.ok(!mayOpen('adminUsers', 'COORDINATOR'));
    assert.ok(mayOpen('adminUsers', 'ADMIN'));
    assert.ok(inAdminArea('/admin') && inAdminArea('/admin/anything') && !inAdminArea('/administer'));
  });
});
