// A text or a set of field values that is kept as a server-side draft while it is typed (saveDraft),
// per ticket and slot ("reply", "move:<transition>"): restored when the form opens again — after a
// reload, a lost race, an API restart, a new sign-in or on another device. Saves wait for a pause in
// typing (SAVE_AFTER_MS) and go one at a time; the page hiding sends at once. Until the server has a
// value, this browser keeps a copy (draftCopies.ts): a failed save is tried again while the form is
// open, and a copy left behind is sent when the draft is next opened. While the draft holds text, the
// page asks before it is left (useLeaveWarning). A slot of undefined keeps the value in memory only.
import { useCallback, useEffect, useRef, useState } from 'react';
import { stringifyDocument, useClient, type Client, type CombinedError } from 'urql';
import { graphql } from '../graphql';
import { accessToken } from '../session/session';
import { readCopy, removeCopy, writeCopy } from './draftCopies';
import { errorCode } from './errors';
import { useLeaveWarning } from './useLeaveWarning';

export const TicketDrafts = graphql(`
  query TicketDrafts($number: String!) {
    ticketDrafts(number: $number) {
      number
      slot
      value
      updatedAt
    }
  }
`);

export const SaveDraft = graphql(`
  mutation SaveDraft($number: String!, $slot: String!, $value: JSON) {
    saveDraft(number: $number, slot: $slot, value: $value) {
      number
      slot
      value
      updatedAt
    }
  }
`);

export const SAVE_AFTER_MS = 500;
const RETRY_AFTER_MS = 5_000;

export type DraftValue = string | Record<string, string>;

/** Nothing typed: blank text, or field values that are all blank. */
export function isBlank(value: DraftValue): boolean {
  return typeof value === 'string' ? value.trim() === '' : Object.values(value).every((v) => v.trim() === '');
}

/** A value read back (the server's JSON, a local copy) as the kind the form holds; undefined if it is not. */
function narrow<T extends DraftValue>(value: unknown, empty: T): T | undefined {
  if (typeof empty === 'string') return typeof value === 'string' ? (value as T) : undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => typeof v === 'string')) as T;
}

/** This browser's copy of the draft: newer than the server's, which never confirmed it. */
function copyOf<T extends DraftValue>(number: string, slot: string | undefined, empty: T): T | undefined {
  return slot ? narrow(readCopy(number, slot)?.value, empty) : undefined;
}

/** An outage, an expired sign-in or a busy server pass: the save is tried again. Bad input does not. */
const worthRetrying = (error: CombinedError) =>
  !!error.networkError ||
  ['UNAVAILABLE', 'UNAUTHENTICATED', 'RATE_LIMITED', 'CONFLICT'].includes(errorCode(error) ?? '');

/** One draft (a ticket's slot) while its form shows it. */
interface Sync<T> {
  number: string;
  slot: string | undefined;
  latest: T;
  /** What the server holds, as JSON, once known. */
  confirmed?: string;
  /** Typed into since it opened: the server's answer no longer replaces it. */
  touched: boolean;
  sending: boolean;
  again: boolean;
  open: boolean;
  timer?: ReturnType<typeof setTimeout>;
  retry?: ReturnType<typeof setTimeout>;
}

/** Whether the server may lack what the form holds: not when it confirmed it, nor when nothing was
 * typed and nothing is known to be there. */
function unsaved<T extends DraftValue>(sync: Sync<T>): boolean {
  const json = JSON.stringify(sync.latest);
  return json !== sync.confirmed && (sync.confirmed !== undefined || sync.touched || !isBlank(sync.latest));
}

async function send<T extends DraftValue>(client: Client, sync: Sync<T>): Promise<void> {
  clearTimeout(sync.timer);
  clearTimeout(sync.retry);
  const { number, slot } = sync;
  if (!slot) return;
  if (sync.sending) {
    sync.again = true;
    return;
  }
  if (!unsaved(sync)) return;
  const value = sync.latest;
  const json = JSON.stringify(value);
  sync.sending = true;
  const result = await client.mutation(SaveDraft, { number, slot, value: isBlank(value) ? null : value }).toPromise();
  sync.sending = false;
  if (!result.error) {
    sync.confirmed = json;
    removeCopy(number, slot, value);
  } else if (worthRetrying(result.error) && sync.open) {
    sync.retry = setTimeout(() => void send(client, sync), RETRY_AFTER_MS);
  }
  if (sync.again) {
    sync.again = false;
    await send(client, sync);
  }
}

/** The page is going away: a request that outlives it (keepalive), if there is anything unsaved. */
function sendOnLeave<T extends DraftValue>(sync: Sync<T>): void {
  if (!sync.slot || !unsaved(sync)) return;
  const token = accessToken();
  void fetch('/graphql', {
    method: 'POST',
    keepalive: true,
    credentials: 'same-origin',
    headers: {
      'content-type': 'application/json',
      'x-graphql-csrf': '1',
      ...(token && { authorization: `Bearer ${token}` }),
    },
    body: JSON.stringify({
      query: stringifyDocument(SaveDraft),
      variables: { number: sync.number, slot: sync.slot, value: isBlank(sync.latest) ? null : sync.latest },
    }),
  }).catch(() => undefined);
}

export type DraftState<T> = [
  value: T,
  setValue: (next: T | ((previous: T) => T)) => void,
  clear: () => void,
  flush: () => void,
];

/**
 * The draft of `slot` on ticket `number`: its value, a setter (as useState's), `clear` (after the text
 * was sent: the draft is removed), and `flush` (save now, e.g. before a submit whose success the
 * server answers by removing the draft).
 */
export function useDraft(number: string, slot: string | undefined, empty: string): DraftState<string>;
export function useDraft(
  number: string,
  slot: string | undefined,
  empty: Record<string, string>,
): DraftState<Record<string, string>>;
export function useDraft<T extends DraftValue>(number: string, slot: string | undefined, empty: T): DraftState<T> {
  const client = useClient();
  // The first empty value stands for every render's (callers pass a new {} each time).
  const [blank] = useState(empty);
  const key = `${number}/${slot ?? ''}`;
  const [shown, setShown] = useState(() => ({ key, value: copyOf(number, slot, blank) ?? blank }));
  // Another ticket or slot: its own draft from the start (React's way to reset state with a prop).
  if (shown.key !== key) setShown({ key, value: copyOf(number, slot, blank) ?? blank });
  const value = shown.key === key ? shown.value : blank;
  const setValue = useCallback((next: T) => setShown({ key, value: next }), [key]);
  const sync = useRef<Sync<T>>({
    number,
    slot,
    latest: blank,
    touched: false,
    sending: false,
    again: false,
    open: true,
  });

  useEffect(() => {
    const copy = copyOf(number, slot, blank);
    const current: Sync<T> = {
      number,
      slot,
      latest: copy ?? blank,
      // A copy the server never confirmed is an edit still to save, even a blank one.
      touched: copy !== undefined,
      sending: false,
      again: false,
      open: true,
    };
    sync.current = current;
    if (slot && copy !== undefined) void send(client, current);
    else if (slot)
      void client
        .query(TicketDrafts, { number }, { requestPolicy: 'network-only' })
        .toPromise()
        .then((result) => {
          if (!current.open || current.touched || !result.data) return;
          const found = result.data.ticketDrafts.find((d) => d.slot === slot);
          const restored = found ? narrow(found.value, blank) : blank;
          current.confirmed = found ? JSON.stringify(restored) : JSON.stringify(blank);
          if (!found) return;
          current.latest = restored ?? blank;
          setValue(current.latest);
        });
    const hidden = () => {
      if (document.visibilityState === 'hidden') void send(client, current);
    };
    const leaving = () => sendOnLeave(current);
    const online = () => void send(client, current);
    document.addEventListener('visibilitychange', hidden);
    window.addEventListener('pagehide', leaving);
    window.addEventListener('online', online);
    return () => {
      document.removeEventListener('visibilitychange', hidden);
      window.removeEventListener('pagehide', leaving);
      window.removeEventListener('online', online);
      current.open = false;
      // The form closes (another page, a dialog dismissed): what is unsaved goes now.
      void send(client, current);
    };
  }, [client, number, slot, blank, setValue]);

  const set = useCallback(
    (next: T | ((previous: T) => T)) => {
      const current = sync.current;
      const value = typeof next === 'function' ? next(current.latest) : next;
      current.latest = value;
      current.touched = true;
      setValue(value);
      if (!current.slot) return;
      writeCopy(current.number, current.slot, value);
      clearTimeout(current.timer);
      current.timer = setTimeout(() => void send(client, current), SAVE_AFTER_MS);
    },
    [client, setValue],
  );

  const clear = useCallback(() => {
    set(blank);
    void send(client, sync.current);
  }, [client, set, blank]);

  const flush = useCallback(() => void send(client, sync.current), [client]);

  useLeaveWarning(!!slot && !isBlank(value));
  return [value, set, clear, flush];
}
