export interface GraphqlError {
  message: string;
  extensions?: { code?: string; problems?: { field: string; rule: string }[]; [key: string]: unknown };
}

export interface GraphqlResponse<T = unknown> {
  status: number;
  data?: T;
  errors?: GraphqlError[];
  raw: string;
}

/**
 * POSTs one GraphQL operation to the running service, as any client would: with `token`, as its holder (Authorization:
 * Bearer); without, as the local user (local mode) or anonymously.
 */
export async function graphql<T = unknown>(
  baseUrl: string,
  query: string,
  variables: Record<string, unknown> = {},
  options: { token?: string } = {},
): Promise<GraphqlResponse<T>> {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const raw = await response.text();
  const body = JSON.parse(raw) as { data?: T; errors?: GraphqlError[] };
  return { status: response.status, data: body.data ?? undefined, errors: body.errors, raw };
}

export const RECORD_RESULT =
  'streamId revision position alreadyRecorded events { eventId type recordedAt data commandId occurredAt { from to precision label } actor { id role } }';
