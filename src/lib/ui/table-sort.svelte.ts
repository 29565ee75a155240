/**
 * The sort state of a client-sorted table: which column, which direction, and the aria-sort value
 * of each header. Clicking the sorted column flips it; another column starts in `firstDescending`.
 */
export class TableSort<K extends string> {
  key = $state<K>() as K;
  descending = $state(true);

  constructor(
    initial: K,
    private readonly firstDescending: (key: K) => boolean = () => true,
  ) {
    this.key = initial;
  }

  toggle(key: K): void {
    if (this.key === key) this.descending = !this.descending;
    else {
      this.key = key;
      this.descending = this.firstDescending(key);
    }
  }

  ariaSort(key: K): 'ascending' | 'descending' | 'none' {
    return this.key === key ? (this.descending ? 'descending' : 'ascending') : 'none';
  }

  isActive(key: K): boolean {
    return this.key === key;
  }
}
