import type { AccessChangedData, AccessGrantedData, AccessRevokedData } from './access-events';

type Command<Type extends string, Data> = { readonly type: Type } & Data;

export type AccessCommand =
  Command<'GrantAccess', AccessGrantedData> | Command<'ChangeAccess', AccessChangedData> | Command<'RevokeAccess', AccessRevokedData>;
