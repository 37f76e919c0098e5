// Gathers the keys that resolvers ask for while one result is being put together (the assignees of a
// page of tickets, the tickets whose fields are being checked) and reads them in one call instead of
// one each. Callers keep their own cache of the promises; this only batches.

type Waiter<V> = { resolve(value: V): void; reject(error: unknown): void };

/**
 * A function that answers a key by `read`ing it together with every other key asked for in the same
 * tick. A key `read` does not return gets `missing(key)`: a value, or an Error to reject with.
 */
export function batchLoader<K, V>(
  read: (keys: K[]) => Promise<Map<K, V>>,
  missing: (key: K) => V | Error,
): (key: K) => Promise<V> {
  let waiting: Map<K, Waiter<V>[]> | null = null;

  async function flush(batch: Map<K, Waiter<V>[]>): Promise<void> {
    try {
      const found = await read([...batch.keys()]);
      for (const [key, waiters] of batch) {
        const value = found.has(key) ? found.get(key)! : missing(key);
        for (const w of waiters) {
          if (value instanceof Error) w.reject(value);
          else w.resolve(value);
        }
      }
    } catch (error) {
      for (const waiters of batch.values()) for (const w of waiters) w.reject(error);
    }
  }

  return (key) =>
    new Promise<V>((resolve, reject) => {
      if (!waiting) {
        const batch = (waiting = new Map());
        // After the resolvers running now have asked for theirs.
        void Promise.resolve().then(() =>
          process.nextTick(() => {
            waiting = null;
            void flush(batch);
          }),
        );
      }
      const waiters = waiting.get(key) ?? [];
      waiters.push({ resolve, reject });
      waiting.set(key, waiters);
    });
}
