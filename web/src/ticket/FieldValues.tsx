// A ticket's field values (fieldValues, long texts as text), labelled as the process's form labels them.
import type { FormFieldDef } from '../components/FieldInput';
import { humanize } from '../lib/format';

function show(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

export function FieldValues({ values, fields }: { values: unknown; fields: FormFieldDef[] }) {
  if (typeof values !== 'object' || values === null) return null;
  const entries = Object.entries(values).filter(([, value]) => value !== null && value !== '');
  if (entries.length === 0) return null;
  const order = (key: string) => {
    const at = fields.findIndex((f) => f.key === key);
    return at < 0 ? fields.length : at;
  };
  entries.sort(([a], [b]) => order(a) - order(b));
  return (
    <dl className="field-values">
      {entries.map(([key, value]) => (
        <div key={key}>
          <dt>{fields.find((f) => f.key === key)?.label ?? humanize(key)}</dt>
          <dd className="prose">{show(value)}</dd>
        </div>
      ))}
    </dl>
  );
}
