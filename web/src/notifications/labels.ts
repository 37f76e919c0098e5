// The words the app uses for notification events and channels (the notification centre, the
// preferences).

export const eventLabels: Record<string, string> = {
  created: 'A ticket is created',
  assigned: 'A ticket is assigned',
  commented: 'A comment is added',
  moved: 'A ticket moves on',
  sla_at_risk: 'An SLA is at risk',
  sla_breached: 'An SLA is breached',
  resolved: 'A ticket is resolved',
  mentioned: 'You are mentioned in an internal note',
};

export const channelLabels: Record<string, string> = {
  email: 'Email',
  in_app: 'In the app',
  push: 'Push',
};
