// The input for one field of a process form, by its type: text, longtext (a text area), number,
// date, enum (a list to choose from), url; anything else as text. Values are kept as typed
// (strings); formValues() turns them into what createTicket and moveTicket take. A field's definition
// is FormFieldFields (fragments.ts).
import type { FormFieldDef } from '../fragments';
import { Field } from './Field';

export type { FormFieldDef };

interface FieldInputProps {
  field: FormFieldDef;
  idPrefix: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
}

const inputTypes: Record<string, string> = { number: 'number', date: 'date', url: 'url' };

export function FieldInput({ field, idPrefix, value, onChange, error }: FieldInputProps) {
  return (
    <Field
      id={`${idPrefix}-${field.key}`}
      label={field.label}
      required={field.required}
      help={field.help ?? (field.type === 'url' ? 'A full address, e.g. https://example.com/page' : null)}
      error={error}
    >
      {(control) => {
        if (field.type === 'longtext')
          return <textarea {...control} rows={4} value={value} onChange={(e) => onChange(e.target.value)} />;
        if (field.type === 'enum')
          return (
            <select {...control} value={value} onChange={(e) => onChange(e.target.value)}>
              <option value="">Choose…</option>
              {field.options.map((option) => (
                <option key={option} value={option}>
                  {option}
                </option>
              ))}
            </select>
          );
        return (
          <input
            {...control}
            type={inputTypes[field.type] ?? 'text'}
            {...(field.type === 'number' && { inputMode: 'decimal', step: 'any' })}
            value={value}
            onChange={(e) => onChange(e.target.value)}
          />
        );
      }}
    </Field>
  );
}

/** What the API takes: numbers as numbers, empty fields left out (the API then names missing required ones). */
export function formValues(fields: FormFieldDef[], values: Record<string, string>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const field of fields) {
    const raw = values[field.key]?.trim() ?? '';
    if (raw === '') continue;
    result[field.key] = field.type === 'number' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
  }
  return result;
}
