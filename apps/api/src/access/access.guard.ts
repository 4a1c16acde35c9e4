import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Forbidden, Unauthenticated } from '../errors/access-errors';
import { NO_CREDENTIALS } from './authentication-hooks';
import { ACCESS_RULE, type AccessRule } from './access-rule';
import { requirePermission } from './principal';
import { principalOf } from './request-principal';

/** The Fastify request behind a GraphQL resolver or an HTTP route. */
export function requestOf(context: ExecutionContext): FastifyRequest {
  if (context.getType<GqlContextType>() === 'graphql')
    return GqlExecutionContext.create(context).getContext<{ reply: FastifyReply }>().reply.request;
  return context.switchToHttp().getRequest<FastifyRequest>();
}

/**
 * The one check every resolver, field resolver and route passes: its AccessRule against the request's principal.
 * A handler without a rule is refused, whoever asks.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [context.getHandler(), context.getClass()]);
    if (!rule) throw new Forbidden(`${context.getClass().name}.${context.getHandler().name} has no access rule, so nobody may use it`);
    if (rule.kind === 'public') return true;
    const principal = principalOf(requestOf(context));
    if (principal.kind === 'anonymous') throw new Unauthenticated(NO_CREDENTIALS);
    if (rule.kind === 'checked-in-resolver') return true;
    const args =
      context.getType<GqlContextType>() === 'graphql' ? GqlExecutionContext.create(context).getArgs<Record<string, unknown>>() : {};
    requirePermission(principal, rule.permission, rule.council?.(args));
    return true;
  }
}
