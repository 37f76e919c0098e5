// This browser's Web Push subscription, as the app finds it and as the API takes it.

/** The subscription this browser holds for the app, if push is on here. */
export async function thisBrowsersSubscription(): Promise<PushSubscription | null | undefined> {
  if (!('serviceWorker' in navigator)) return undefined;
  return (await navigator.serviceWorker.getRegistration('/'))?.pushManager.getSubscription();
}

/** PushSubscription.toJSON() as the API's WebPushSubscriptionInput. */
export function asSubscriptionInput(subscription: PushSubscription) {
  const json = subscription.toJSON();
  return {
    endpoint: subscription.endpoint,
    expirationTime: json.expirationTime ?? null,
    keys: { p256dh: json.keys?.p256dh ?? '', auth: json.keys?.auth ?? '' },
  };
}
