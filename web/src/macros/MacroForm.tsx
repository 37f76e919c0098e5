// Creating or editing a canned reply or a macro: its name, group and process, the text with a picker
// of the placeholders it may hold (inserted at the caret) and a preview filled with example values,
// and for a macro whom its reply is for, field values, a priority and a transition of its process.
// The server checks everything (unknown placeholders, fields, transitions) and answers each problem
// in words, shown beside its control.
import { useRef, useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { ErrorNotice } from '../components/ErrorNotice';
import { Field } from '../components/Field';
import { errorMessage, fieldErrors } from '../lib/errors';
import { insertAt } from './insert';
import type { MacroData } from './MacrosPage';
import { CreateMacro, MacroFormOptions, MacroProcess, UpdateMacro } from './operations';
import { PLACEHOLDERS, preview } from './placeholders';

const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
type Priority = (typeof PRIORITIES)[number];

interface ProcessShape {
  fields?: { key: string; label: string; type: string; options?: string[] }[];
  transitions?: { key: string; label: string }[];
}

export function MacroForm({ macro, onDone }: { macro?: MacroData; onDone: () => void }) {
  const [options] = useQuery({ query: MacroFormOptions });
  const [kind, setKind] = useState<'reply' | 'macro'>(macro?.kind ?? 'reply');
  const [name, setName] = useState(macro?.name ?? '');
  const [group, setGroup] = useState(macro?.group ?? '');
  const [process, setProcess] = useState(macro?.process ?? '');
  const [body, setBody] = useState(macro?.body ?? '');
  const [visibility, setVisibility] = useState<'public' | 'internal'>(macro?.replyVisibility ?? 'public');
  const [fields, setFields] = useState<Record<string, string>>(
    Object.fromEntries(
      Object.entries((macro?.fields as Record<string, unknown>) ?? {}).map(([k, v]) => [k, String(v)]),
    ),
  );
  const [priority, setPriority] = useState<string>(macro?.priority ?? '');
  const [transition, setTransition] = useState(macro?.transition ?? '');
  const [processResult] = useQuery({ query: MacroProcess, variables: { key: process }, pause: !process });
  const def = (processResult.data?.processDefinition?.definition ?? {}) as ProcessShape;
  const [created, create] = useMutation(CreateMacro);
  const [updated, update] = useMutation(UpdateMacro);
  const result = macro ? updated : created;
  const errors = fieldErrors(result.error, (path) => (path.startsWith('fields.') ? 'fields' : path));
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const isMacro = kind === 'macro';
  const labels = Object.fromEntries((def.fields ?? []).map((f) => [f.key, f.label]));
  const placeholders = [
    ...PLACEHOLDERS,
    ...(def.fields ?? []).map((f) => ({ token: `{{fields.${f.key}}}`, label: f.label, example: '' })),
  ];

  const insert = (token: string) => {
    const area = bodyRef.current;
    const { text, caret } = insertAt(body, token, area?.selectionStart ?? body.length, area?.selectionEnd);
    setBody(text);
    requestAnimationFrame(() => {
      area?.focus();
      area?.setSelectionRange(caret, caret);
    });
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const values = Object.entries(fields).filter(([, v]) => v.trim() !== '');
    const input = {
      kind,
      name,
      group: group || null,
      process: process || null,
      body,
      ...(isMacro && {
        replyVisibility: body.trim() ? visibility : null,
        fields: Object.fromEntries(
          values.map(([k, v]) => [k, def.fields?.find((f) => f.key === k)?.type === 'number' ? Number(v) : v]),
        ),
        priority: (priority || null) as Priority | null,
        transition: transition || null,
      }),
    };
    const answer = macro ? await update({ id: macro.id, input }) : await create({ input });
    if (!answer.error) onDone();
  };

  const general = result.error && Object.keys(errors).length === 0 ? errorMessage(result.error) : undefined;
  return (
    <form className="form card macro-form" onSubmit={(e) => void save(e)} noValidate aria-label="Canned reply or macro">
      <h2>{macro ? `Edit “${macro.name}”` : 'New canned reply or macro'}</h2>
      {general && <ErrorNotice error={general} />}
      <fieldset className="composer-kind">
        <legend>Kind</legend>
        {(['reply', 'macro'] as const).map((k) => (
          <label key={k} className={kind === k ? 'selected' : undefined}>
            <input type="radio" name="macro-kind" value={k} checked={kind === k} onChange={() => setKind(k)} />
            {k === 'reply' ? 'Canned reply' : 'Macro'}
          </label>
        ))}
      </fieldset>
      <Field id="macro-name" label="Name" required error={errors.name}>
        {(c) => <input {...c} value={name} onChange={(e) => setName(e.target.value)} maxLength={100} />}
      </Field>
      <Field id="macro-group" label="Group" error={errors.group} help="Its staff use it; all groups: admins only.">
        {(c) => (
          <select {...c} value={group} onChange={(e) => setGroup(e.target.value)}>
            <option value="">All groups</option>
            {options.data?.groups.map((g) => (
              <option key={g.key} value={g.key}>
                {g.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id="macro-process" label="Process" error={errors.process} help="Needed for fields and a transition.">
        {(c) => (
          <select {...c} value={process} onChange={(e) => setProcess(e.target.value)}>
            <option value="">Any process</option>
            {options.data?.processDefinitions
              .filter((p) => p.latestVersion !== null)
              .map((p) => (
                <option key={p.key} value={p.key}>
                  {p.name}
                </option>
              ))}
          </select>
        )}
      </Field>
      <fieldset className="placeholder-picker">
        <legend>Insert a placeholder</legend>
        {placeholders.map((p) => (
          <button key={p.token} type="button" className="button-secondary button-small" onClick={() => insert(p.token)}>
            {p.label}
          </button>
        ))}
      </fieldset>
      <Field id="macro-body" label={isMacro ? 'Reply (optional)' : 'Text'} required={!isMacro} error={errors.body}>
        {(c) => <textarea {...c} ref={bodyRef} rows={5} value={body} onChange={(e) => setBody(e.target.value)} />}
      </Field>
      <section className="macro-preview" aria-labelledby="macro-preview-heading">
        <h3 id="macro-preview-heading">Preview</h3>
        <p className="prose">{body.trim() ? preview(body, labels) : <span className="muted">No text yet.</span>}</p>
      </section>
      {isMacro && (
        <>
          <fieldset className="composer-kind">
            <legend>The reply is</legend>
            {(['public', 'internal'] as const).map((v) => (
              <label key={v} className={visibility === v ? 'selected' : undefined}>
                <input
                  type="radio"
                  name="macro-visibility"
                  checked={visibility === v}
                  onChange={() => setVisibility(v)}
                />
                {v === 'public' ? 'A reply to the requester' : 'An internal note'}
              </label>
            ))}
          </fieldset>
          <fieldset className="macro-fields">
            <legend>Sets fields</legend>
            {errors.fields && <p className="field-error">{errors.fields}</p>}
            {(def.fields ?? []).length === 0 && <p className="muted">Pick a process to set its fields.</p>}
            {(def.fields ?? []).map((f) => (
              <Field key={f.key} id={`macro-field-${f.key}`} label={f.label}>
                {(c) =>
                  f.options ? (
                    <select
                      {...c}
                      value={fields[f.key] ?? ''}
                      onChange={(e) => setFields({ ...fields, [f.key]: e.target.value })}
                    >
                      <option value="">Leave as it is</option>
                      {f.options.map((o) => (
                        <option key={o}>{o}</option>
                      ))}
                    </select>
                  ) : (
                    <input
                      {...c}
                      value={fields[f.key] ?? ''}
                      onChange={(e) => setFields({ ...fields, [f.key]: e.target.value })}
                    />
                  )
                }
              </Field>
            ))}
          </fieldset>
          <Field id="macro-priority" label="Sets the priority" error={errors.priority}>
            {(c) => (
              <select {...c} value={priority} onChange={(e) => setPriority(e.target.value)}>
                <option value="">Leave as it is</option>
                {PRIORITIES.map((p) => (
                  <option key={p}>{p}</option>
                ))}
              </select>
            )}
          </Field>
          <Field id="macro-transition" label="Takes the transition" error={errors.transition}>
            {(c) => (
              <select {...c} value={transition} onChange={(e) => setTransition(e.target.value)}>
                <option value="">None</option>
                {(def.transitions ?? []).map((t) => (
                  <option key={t.key} value={t.key}>
                    {t.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </>
      )}
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={result.fetching}>
          {result.fetching ? 'Saving…' : 'Save'}
        </button>
        <button type="button" className="button-secondary" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
