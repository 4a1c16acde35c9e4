import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { requestOf } from './access.guard';
import type { Principal } from './principal';
import { principalOf } from './request-principal';

/** The principal the request acts for (the guard has already refused any request without one). */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal =>
  principalOf(requestOf(context)),
);
