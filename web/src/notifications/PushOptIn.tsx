// Web Push for this browser: a button that opts it in (registers the service worker /sw.js, asks the
// browser's permission — only on that click — subscribes with the server's VAPID key and saves the
// subscription) and one that opts it out (unsubscribes and forgets it on the server). On load it only
// looks (the session saves an existing subscription again at each sign-in).
import { useEffect, useState } from 'react';
import { useClient } from 'urql';
import { ErrorNotice } from '../components/ErrorNotice';
import { graphql } from '../graphql';
import {
  asSubscriptionInput,
  RemoveWebPushSubscription,
  SaveWebPushSubscription,
  thisBrowsersSubscription,
} from './browser-push';

const WebPushPublicKey = graphql(`
  query WebPushPublicKey {
    webPushPublicKey
  }
`);

type Status = 'checking' | 'unsupported' | 'blocked' | 'off' | 'on' | 'working';

const supported = () => 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;

export function PushOptIn() {
  const client = useClient();
  const [status, setStatus] = useState<Status>('checking');
  const [problem, setProblem] = useState('');

  const save = async (subscription: PushSubscription) => {
    const saved = await client
      .mutation(SaveWebPushSubscription, { subscription: asSubscriptionInput(subscription) })
      .toPromise();
    if (saved.error) throw new Error(saved.error.graphQLErrors[0]?.message ?? saved.error.message);
  };

  useEffect(() => {
    let gone = false;
    void (async () => {
      if (!supported()) return setStatus('unsupported');
      if (Notification.permission === 'denied') return setStatus('blocked');
      const subscription = await thisBrowsersSubscription();
      if (!gone) setStatus(subscription ? 'on' : 'off');
    })();
    return () => {
      gone = true;
    };
  }, []);

  const turnOn = async () => {
    setProblem('');
    setStatus('working');
    try {
      const registration = await navigator.serviceWorker.register('/sw.js', { scope: '/' });
      const permission = await Notification.requestPermission();
      if (permission !== 'granted') return setStatus(permission === 'denied' ? 'blocked' : 'off');
      const key = await client.query(WebPushPublicKey, {}, { requestPolicy: 'network-only' }).toPromise();
      if (!key.data) throw new Error(key.error?.message ?? 'the server did not give its push key');
      await navigator.serviceWorker.ready;
      const subscription = await registration.pushManager.subscribe({
        userVisibleOnly: true,
        applicationServerKey: fromBase64url(key.data.webPushPublicKey),
      });
      await save(subscription);
      setStatus('on');
    } catch (error) {
      setProblem(`Push could not be turned on: ${(error as Error).message}`);
      setStatus('off');
    }
  };

  const turnOff = async () => {
    setProblem('');
    setStatus('working');
    try {
      const subscription = await thisBrowsersSubscription();
      if (subscription) {
        await subscription.unsubscribe();
        const removed = await client
          .mutation(RemoveWebPushSubscription, { endpoint: subscription.endpoint })
          .toPromise();
        // Already forgotten on the server (its push service said it was gone): off all the same.
        const code = removed.error?.graphQLErrors[0]?.extensions.code;
        if (removed.error && code !== 'NOT_FOUND') throw new Error(removed.error.message);
      }
      setStatus('off');
    } catch (error) {
      setProblem(`Push could not be turned off: ${(error as Error).message}`);
      setStatus('on');
    }
  };

  return (
    <div className="push-opt-in">
      <h2>Push notifications in this browser</h2>
      <p className="muted">
        {status === 'checking' && 'Checking this browser…'}
        {status === 'unsupported' && 'This browser cannot receive push notifications.'}
        {status === 'blocked' && 'This browser blocks notifications from this site: allow them in its site settings.'}
        {status === 'off' && 'Off: the Push column below reaches you once you turn push on here.'}
        {status === 'on' && 'On: the events ticked under Push reach this browser even when the app is closed.'}
        {status === 'working' && 'One moment…'}
      </p>
      {(status === 'off' || (status === 'working' && !problem)) && (
        <button type="button" className="button-primary" disabled={status === 'working'} onClick={() => void turnOn()}>
          Turn on push in this browser
        </button>
      )}
      {status === 'on' && (
        <button type="button" className="button-secondary" onClick={() => void turnOff()}>
          Turn off push in this browser
        </button>
      )}
      {problem && <ErrorNotice error={problem} />}
    </div>
  );
}

function fromBase64url(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}
