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

/** POSTs one GraphQL operation to the running service, as any client would. */
export async function graphql<T = unknown>(
  baseUrl: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<GraphqlResponse<T>> {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const raw = await response.text();
  const body = JSON.parse(raw) as { data?: T; errors?: GraphqlError[] };
  return { status: response.status, data: body.data ?? undefined, errors: body.errors, raw };
}

export const RECORD_RESULT =
  'streamId revision position alreadyRecorded events { eventId type recordedAt data commandId occurredAt { from to precision label } actor { id role } }';
