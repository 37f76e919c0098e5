// This browser's Web Push subscription, as the app finds it and as the API takes it, and the two
// operations that save and forget it on the server (the session sends them at sign-in and sign-out,
// the preferences page's opt-in when push is turned on or off).
import { graphql } from '../graphql';

export const SaveWebPushSubscription = graphql(`
  mutation SaveWebPushSubscription($subscription: WebPushSubscriptionInput!) {
    saveWebPushSubscription(subscription: $subscription) {
      endpoint
    }
  }
`);

export const RemoveWebPushSubscription = graphql(`
  mutation RemoveWebPushSubscription($endpoint: String!) {
    removeWebPushSubscription(endpoint: $endpoint)
  }
`);

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
