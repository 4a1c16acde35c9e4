import { InputRejected } from '../errors/input-rejected';

/** Relay's paging arguments: forwards with first/after, backwards with last/before. */
export interface PageArgs {
  readonly first?: number;
  readonly after?: string;
  readonly last?: number;
  readonly before?: string;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly totalCount: number;
  readonly hasNextPage: boolean;
  readonly hasPreviousPage: boolean;
}

/**
 * One page of a list in a fixed order, by the Relay cursor connections rules: the cursors cut the list to the items
 * after `after` and before `before`, then `first` keeps the first ones and `last` the last ones. A cursor that names no
 * item of the list is refused (BAD_USER_INPUT naming the argument), never read as "from the start".
 * `position(cursor)` gives where a cursor falls: the index of its item, or for keyset cursors (councils by la_code) the
 * index the item would have, as a half (e.g. 2.5 between items 2 and 3); undefined for a cursor of no valid form.
 */
export function relayPage<T>(
  items: readonly T[],
  args: PageArgs,
  position: (cursor: string) => number | undefined,
  defaultFirst = 20,
): Page<T> {
  const at = (name: 'after' | 'before', cursor: string | undefined): number | undefined => {
    if (cursor === undefined) return undefined;
    const found = position(cursor);
    if (found === undefined)
      throw new InputRejected([{ field: name, rule: 'must be a cursor this list gave (an edge cursor, startCursor or endCursor)' }]);
    return found;
  };
  const afterAt = at('after', args.after);
  const beforeAt = at('before', args.before);
  let start = afterAt === undefined ? 0 : Math.floor(afterAt) + 1;
  let end = beforeAt === undefined ? items.length : Math.ceil(beforeAt);
  if (end < start) end = start;
  const sliced = end - start;
  const first = args.first ?? (args.last === undefined ? defaultFirst : undefined);
  if (first !== undefined && sliced > first) end = start + first;
  if (args.last !== undefined && end - start > args.last) start = end - args.last;
  return {
    items: items.slice(start, end),
    totalCount: items.length,
    hasNextPage: end < items.length,
    hasPreviousPage: start > 0,
  };
}

/** An opaque cursor for an item id: base64url, so clients do not build them. */
export const encodeCursor = (id: string): string => Buffer.from(id, 'utf8').toString('base64url');

/** The id an opaque cursor stands for, undefined when it is not one this service gave. */
export function decodeCursor(cursor: string): string | undefined {
  if (!/^[A-Za-z0-9_-]{1,400}$/.test(cursor)) return undefined;
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  return encodeCursor(id) === cursor ? id : undefined;
}

/** Where an opaque cursor falls in a list: the index of the item whose id it encodes. */
export function indexOfCursor<T>(items: readonly T[], idOf: (item: T) => string): (cursor: string) => number | undefined {
  const index = new Map(items.map((item, i) => [idOf(item), i]));
  return (cursor) => {
    const id = decodeCursor(cursor);
    return id === undefined ? undefined : index.get(id);
  };
}
