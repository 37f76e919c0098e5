// The placeholders a canned reply may hold (the server's platform/macros/placeholders.ts is the
// rule, and refuses any other in words), and a preview that fills them with example values so a
// coordinator sees what a requester will read.

export const PLACEHOLDERS: { token: string; label: string; example: string }[] = [
  { token: '{{requester.firstName}}', label: "Requester's first name", example: 'Erin' },
  { token: '{{requester.name}}', label: "Requester's name", example: 'Erin Employee' },
  { token: '{{ticket.number}}', label: 'Ticket number', example: 'IT-000042' },
  { token: '{{ticket.title}}', label: 'Ticket title', example: 'Printer jams' },
  { token: '{{agent.name}}', label: 'Your name', example: 'Sam Agent' },
];

/** The text as an example ticket would fill it: fields by their label in brackets. */
export function preview(body: string, fieldLabels: Record<string, string>): string {
  const examples = new Map(PLACEHOLDERS.map((p) => [p.token.slice(2, -2), p.example]));
  return body.replace(/\{\{\s*([^{}]*?)\s*\}\}/g, (whole, name: string) => {
    const example = examples.get(name);
    if (example) return example;
    const field = /^fields\.(.+)$/.exec(name)?.[1];
    return field ? `[${fieldLabels[field] ?? field}]` : whole;
  });
}
