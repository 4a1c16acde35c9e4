import { SetMetadata } from '@nestjs/common';
import type { Permission } from '@plan-ledger/domain';

export const ACCESS_RULE = 'plan-ledger:access-rule';

/**
 * How a resolver or route is guarded. Every one must say: the guard refuses any that has no rule, so a new resolver
 * is closed until someone decides who may use it.
 */
export type AccessRule =
  | {
      readonly kind: 'permission';
      readonly permission: Permission;
      readonly council?: (args: Record<string, unknown>) => string | undefined;
    }
  /** Signed in, and the resolver checks the council itself (found only once the record is read, e.g. a plan's). */
  | { readonly kind: 'checked-in-resolver'; readonly why: string }
  | { readonly kind: 'public'; readonly why: string };

/** Needs `permission`, for the council an argument names (e.g. `(args) => args.laCode`) where it concerns one. */
export const Allow = (permission: Permission, council?: (args: Record<string, unknown>) => string | undefined) =>
  SetMetadata<string, AccessRule>(ACCESS_RULE, { kind: 'permission', permission, council });

export const ChecksAccessItself = (why: string) => SetMetadata<string, AccessRule>(ACCESS_RULE, { kind: 'checked-in-resolver', why });

export const Public = (why: string) => SetMetadata<string, AccessRule>(ACCESS_RULE, { kind: 'public', why });
