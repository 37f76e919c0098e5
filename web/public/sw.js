// Ticketflow's service worker: shows the Web Push messages the API sends (activities/notifications/
// push.ts: { title, body, url, tag }), opens the ticket when one is clicked and tells the server when the
// browser's push service replaces the subscription. Plain JavaScript served
// as is from the app's origin (Vite copies web/public/), so the app's CSP (script-src 'self') allows it.
// A message sent twice (a retry after a crash) carries the same tag, so the second replaces the first.
/* global self, clients */

self.addEventListener('push', (event) => {
  let message = {};
  try {
    message = event.data ? event.data.json() : {};
  } catch {
    message = { body: event.data ? event.data.text() : '' };
  }
  event.waitUntil(
    self.registration.showNotification(message.title || 'Ticketflow', {
      body: message.body || '',
      ...(message.tag && { tag: message.tag }),
      data: { url: sameOrigin(message.url) },
    }),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = sameOrigin(event.notification.data && event.notification.data.url);
  event.waitUntil(openTicket(url));
});

// The browser's push service replaced the subscription (it expired, or its keys were rotated). Nobody
// need be signed in: the old subscription's auth secret, known only to this browser and the server,
// shows the server that the new one is this browser's. Without the old one (some browsers give none),
// the app saves the current subscription at the next sign-in.
self.addEventListener('pushsubscriptionchange', (event) => {
  event.waitUntil(renewSubscription(event.oldSubscription, event.newSubscription));
});

const RENEW = `mutation ($p: WebPushPreviousSubscriptionInput!, $s: WebPushSubscriptionInput!) {
  renewWebPushSubscription(previous: $p, subscription: $s) { endpoint }
}`;

async function renewSubscription(previous, current) {
  if (!previous) return;
  const subscription = current || (await self.registration.pushManager.subscribe(previous.options));
  const old = previous.toJSON();
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: RENEW,
      variables: { p: { endpoint: old.endpoint, auth: old.keys.auth }, s: subscription.toJSON() },
    }),
  });
  const answer = await response.json();
  if (answer.errors) throw new Error(answer.errors[0].message);
}

/**
 * A window already on the page gets focus; else one of the app's windows goes there; else a new one.
 * Only a window this worker controls can be navigated (WindowClient.navigate() refuses any other): the
 * app's windows loaded before the worker was installed (the one where push was turned on) are not.
 */
async function openTicket(url) {
  const windows = await clients.matchAll({ type: 'window', includeUncontrolled: true });
  const there = windows.find((w) => w.url === url);
  if (there) return there.focus();
  const [ours] = await clients.matchAll({ type: 'window' });
  if (ours) {
    const navigated = await ours.navigate(url);
    return (navigated || ours).focus();
  }
  return clients.openWindow(url);
}

/** Only the app's own pages: a URL elsewhere (which the API never sends) opens the app's start page. */
function sameOrigin(url) {
  try {
    const resolved = new URL(url || '/', self.location.origin);
    return resolved.origin === self.location.origin ? resolved.href : self.location.origin + '/';
  } catch {
    return self.location.origin + '/';
  }
}
