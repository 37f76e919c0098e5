// Notification preferences: a table of events × channels, one checkbox each, saved as soon as it
// changes (a failed save puts the box back and says why), and turning Web Push on in this browser.
import { useState } from 'react';
import { useMutation, useQuery, type CombinedError } from 'urql';
import { ErrorNotice } from '../components/ErrorNotice';
import { Loading } from '../components/Loading';
import { usePageTitle } from '../lib/usePageTitle';
import { Link } from '../router';
import { routes } from '../routes';
import { graphql } from '../graphql';
import { channelLabels, eventLabels } from './labels';
import { PushOptIn } from './PushOptIn';

const NotificationPreferences = graphql(`
  query NotificationPreferences {
    notificationPreferences {
      event
      channel
      enabled
    }
  }
`);

const SetNotificationPreference = graphql(`
  mutation SetNotificationPreference($event: NotificationEvent!, $channel: NotificationChannel!, $enabled: Boolean!) {
    setNotificationPreference(event: $event, channel: $channel, enabled: $enabled) {
      event
      channel
      enabled
    }
  }
`);

export function PreferencesPage() {
  usePageTitle('Notification preferences');
  const [result, reexecute] = useQuery({ query: NotificationPreferences });
  const [saving, setPreference] = useMutation(SetNotificationPreference);
  const [error, setError] = useState<CombinedError>();
  const [saved, setSaved] = useState('');
  const preferences = result.data?.notificationPreferences;
  const events = [...new Set(preferences?.map((p) => p.event))];
  const channels = [...new Set(preferences?.map((p) => p.channel))];

  const toggle = async (p: NonNullable<typeof preferences>[number], enabled: boolean) => {
    setError(undefined);
    setSaved('');
    const done = await setPreference({ event: p.event, channel: p.channel, enabled });
    if (done.error) return setError(done.error);
    setSaved(
      `Saved: ${channelLabels[p.channel]} when ${lower(eventLabels[p.event] ?? p.event)}, ${enabled ? 'on' : 'off'}.`,
    );
  };

  return (
    <section className="page">
      <div className="page-header">
        <h1>Notification preferences</h1>
        <Link href={routes.notifications.href()}>Back to notifications</Link>
      </div>
      <p className="muted">Choose what reaches you, and where. Changes are saved at once.</p>
      <PushOptIn />
      {result.error && !preferences && (
        <ErrorNotice error={result.error} retry={() => reexecute({ requestPolicy: 'network-only' })} />
      )}
      {!preferences && !result.error && <Loading what="Loading your preferences…" />}
      {error && <ErrorNotice error={error} />}
      <p role="status" className="muted">
        {saved}
      </p>
      {preferences && (
        <div className="table-scroll">
          <table className="preferences">
            <caption>Notify me when…</caption>
            <thead>
              <tr>
                <th scope="col">Event</th>
                {channels.map((c) => (
                  <th scope="col" key={c}>
                    {channelLabels[c] ?? c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {events.map((event) => (
                <tr key={event}>
                  <th scope="row">{eventLabels[event] ?? event}</th>
                  {channels.map((channel) => {
                    const p = preferences.find((x) => x.event === event && x.channel === channel)!;
                    return (
                      <td key={channel}>
                        <input
                          type="checkbox"
                          checked={p.enabled}
                          disabled={saving.fetching}
                          aria-label={`${channelLabels[channel] ?? channel} when ${lower(eventLabels[event] ?? event)}`}
                          onChange={(e) => void toggle(p, e.target.checked)}
                        />
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

const lower = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);
