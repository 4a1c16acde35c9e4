import type { AccessCommand } from '../access/access-commands';
import type { AccessChangedData, AccessGrantedData, AccessRevokedData, AccessSubject } from '../access/access-events';
import { ROLES } from '../access/roles';
import { laCode } from './authority-data';
import { parseCommandOf } from './command-parser';
import { enumOf } from './enum-of';
import { list } from './list';
import { object } from './object';
import { optional } from './optional';
import type { ParseContext, Schema } from './schema';
import { id, longText, shortText } from './text';

const subject = shortText({
  test: /^(token|oidc):\S+$/,
  rule: 'must be token:<token id> or oidc:<subject of the identity provider>, without spaces',
}) as Schema<AccessSubject>;
const role = enumOf(ROLES);
// 153 councils in England: a grant for every one of them is a national role instead.
const councils = list(laCode, 160);

const ACCESS_COMMAND_SCHEMAS: { readonly [Type in AccessCommand['type']]: Schema<object> } = {
  GrantAccess: object<AccessGrantedData>('GrantAccess', {
    grantId: id(),
    subject,
    displayName: shortText(),
    role,
    councils: optional(councils),
    reason: optional(longText()),
  }),
  ChangeAccess: object<AccessChangedData>('ChangeAccess', {
    grantId: id(),
    role: optional(role),
    councils: optional(councils),
    displayName: optional(shortText()),
    reason: optional(longText()),
  }),
  RevokeAccess: object<AccessRevokedData>('RevokeAccess', { grantId: id(), reason: optional(longText()) }),
};

/** A command on the access stream, read as strictly as every other: every field named, known and within bounds. */
export function parseAccessCommand(input: unknown, context: ParseContext): AccessCommand {
  return parseCommandOf<AccessCommand>({ name: 'access', schemas: ACCESS_COMMAND_SCHEMAS }, { name: 'other', schemas: {} }, input, context);
}
