import { graphql } from './graphql';

interface TypeRef {
  kind: string;
  name: string | null;
  ofType: TypeRef | null;
}
interface IntrospectedType {
  name: string;
  fields: { name: string; type: TypeRef; args: { name: string; type: TypeRef }[] }[] | null;
}

const named = (type: TypeRef): TypeRef => (type.ofType ? named(type.ofType) : type);
const required = (type: TypeRef): boolean => type.kind === 'NON_NULL';

/**
 * Every field of a GraphQL type, to a depth, read from the running service's schema: so a comparison of two answers
 * covers fields added later without anyone remembering to list them. Fields that need arguments are left out.
 */
export async function fullSelection(baseUrl: string, typeName: string, depth = 6): Promise<string> {
  const response = await graphql<{ __schema: { types: IntrospectedType[] } }>(
    baseUrl,
    `
      {
        __schema {
          types {
            name
            fields {
              name
              args {
                name
                type {
                  kind
                  name
                  ofType {
                    kind
                    name
                    ofType {
                      kind
                      name
                      ofType {
                        kind
                        name
                      }
                    }
                  }
                }
              }
              type {
                kind
                name
                ofType {
                  kind
                  name
                  ofType {
                    kind
                    name
                    ofType {
                      kind
                      name
                    }
                  }
                }
              }
            }
          }
        }
      }
    `,
  );
  const types = new Map(response.data!.__schema.types.map((t) => [t.name, t]));
  const select = (name: string, left: number): string => {
    const type = types.get(name);
    if (!type?.fields) return '';
    const parts: string[] = [];
    for (const field of type.fields) {
      if (field.args.some((arg) => required(arg.type))) continue;
      const inner = named(field.type);
      if (inner.kind === 'OBJECT') {
        if (left === 0) continue;
        const sub = select(inner.name!, left - 1);
        if (sub) parts.push(`${field.name} { ${sub} }`);
      } else {
        parts.push(field.name);
      }
    }
    return parts.join(' ');
  };
  return select(typeName, depth);
}
