import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/**
 * Whether the query asks for the field at `path` below the field being resolved (`['indicators', 'measurements']`),
 * through fragments and inline fragments alike. Used to leave out of a read what no one asked for; a field named
 * anywhere counts as asked for (a @skip is not evaluated), so the answer is never short of what was selected.
 */
export function selects(info: GraphQLResolveInfo, path: readonly string[]): boolean {
  const within = (sets: readonly (SelectionSetNode | undefined)[], rest: readonly string[]): boolean => {
    if (rest.length === 0) return true;
    const fields = sets.flatMap((set) => fieldsOf(set, info, new Set()));
    const matching = fields.filter((field) => field.name.value === rest[0]);
    return (
      matching.length > 0 &&
      within(
        matching.map((field) => field.selectionSet),
        rest.slice(1),
      )
    );
  };
  return within(
    info.fieldNodes.map((node) => node.selectionSet),
    path,
  );
}

function fieldsOf(set: SelectionSetNode | undefined, info: GraphQLResolveInfo, seen: Set<string>): FieldNode[] {
  if (!set) return [];
  return set.selections.flatMap((selection): FieldNode[] => {
    if (selection.kind === Kind.FIELD) return [selection];
    if (selection.kind === Kind.INLINE_FRAGMENT) return fieldsOf(selection.selectionSet, info, seen);
    const name = selection.name.value;
    // A fragment spread twice is read once: GraphQL's validation refuses cycles, and this does not rely on it.
    if (seen.has(name)) return [];
    seen.add(name);
    return fieldsOf(info.fragments[name]?.selectionSet, info, seen);
  });
}
