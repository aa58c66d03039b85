import DataLoader from 'dataloader';

/** A value now, or later. */
export type MaybePromise<T> = T | Promise<T>;

/**
 * A DataLoader for one request that answers synchronously for keys it already holds.
 *
 * List queries read each row's source and category in the same statement and prime them here,
 * so relation fields on a page cost neither a statement nor a promise; keys not primed are
 * batched by DataLoader into one statement per tick.
 */
export class RequestLoader<V> {
  private readonly known = new Map<number, V>();
  private readonly loader: DataLoader<number, V>;

  /** `batch` must return one value per key, in key order (null for a miss; an Error fails the load of that key alone). */
  constructor(batch: (ids: readonly number[]) => Promise<(V | Error)[]>) {
    this.loader = new DataLoader<number, V>(async (ids) => {
      const values = await batch(ids);
      ids.forEach((id, i) => {
        const value = values[i];
        if (!(value instanceof Error)) this.known.set(id, value);
      });
      return values;
    });
  }

  /** The value for `id`: at once when known, else through the batch. */
  load(id: number): MaybePromise<V> {
    return this.known.has(id) ? (this.known.get(id) as V) : this.loader.load(id);
  }

  /** True when the value for `id` is known without a query. */
  has(id: number): boolean {
    return this.known.has(id);
  }

  /** Records a value read elsewhere in this request; an existing one wins. */
  prime(id: number, value: V): void {
    if (!this.known.has(id)) this.known.set(id, value);
  }
}

/** Applies `fn` to a value that may not have arrived yet, without a promise when it has. */
export function mapMaybe<T, U>(value: MaybePromise<T>, fn: (value: T) => U): MaybePromise<U> {
  return value instanceof Promise ? value.then(fn) : fn(value);
}
