/**
 * Lists of numbers packed into one array: list i is `items[starts[i]]` up to `items[starts[i + 1]]`.
 * Code that reads many short lists per message reads contiguous memory instead of an array object
 * per list.
 */
export class PackedLists {
  readonly starts: Int32Array;
  readonly items: Int32Array;

  constructor(lists: readonly (readonly number[])[]) {
    this.starts = new Int32Array(lists.length + 1);
    lists.forEach((list, i) => (this.starts[i + 1] = (this.starts[i] as number) + list.length));
    this.items = Int32Array.from(lists.flat());
  }
}
