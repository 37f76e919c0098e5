// Ticketflow's service worker: shows the Web Push messages the API sends (activities/notifications/
// push.ts: { title, body, url, tag }) and opens the ticket when one is clicked. Plain JavaScript served
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
