/**
 * Numbers for keys, by alias catalog: the same key compiled with the same catalog gets the same number in every
 * definition, so that what is evaluated once can be shared between them (FieldReadMemo's reads and verdicts).
 * Bounded: at `max` keys the table starts again. Numbers are never reused, so definitions compiled before keep theirs
 * and are only no longer shared with later ones.
 */
export class IdTable {
  private ids = new WeakMap<object, Map<string, number>>();
  private keys = 0;

  constructor(private readonly max: number, private next: number) {}

  /** The number of `key` under `catalog`. */
  public id(catalog: object, key: string): number {
    let ids = this.ids.get(catalog);
    let id = ids?.get(key);
    if (id !== undefined) return id;
    if (this.keys >= this.max) {
      this.ids = new WeakMap();
      this.keys = 0;
      ids = undefined;
    }
    if (!ids) this.ids.set(catalog, (ids = new Map()));
    id = this.next++;
    ids.set(key, id);
    this.keys++;
    return id;
  }

  /** Keys the table holds now. */
  public get size(): number {
    return this.keys;
  }
}
