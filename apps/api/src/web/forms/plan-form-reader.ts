import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { authorityByCode, planStreamId, type PlanStreamCommand } from '@plan-ledger/domain';
import type { PlanView } from '@plan-ledger/projections';
import type { FastifyRequest } from 'fastify';
import { requirePermission } from '../../access/principal';
import { principalOf } from '../../access/request-principal';
import { InputRejected } from '../../errors/input-rejected';
import { LedgerReader } from '../../ledger/ledger-reader';
import { PlanQuery } from '../../queries/ledger-queries';

const PLAN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

export interface PlanForForm {
  readonly plan: PlanView;
  /** The plan stream's revision, read before the plan: a change in between is then a conflict, never overwritten. */
  readonly revision: string;
}

/** The plan a form is about, read now, by someone who may read its council and record the form's command there. */
@Injectable()
export class PlanFormReader {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly reader: LedgerReader,
  ) {}

  async open(request: FastifyRequest, planId: string, command: PlanStreamCommand['type']): Promise<PlanForForm> {
    if (!PLAN_ID.test(planId)) throw new InputRejected([{ field: 'planId', rule: 'must be 1-100 letters, digits, . _ or -' }]);
    const principal = principalOf(request);
    const cut = await this.reader.resolveCut();
    const revision = await this.reader.streamRevision(planStreamId(planId), cut);
    const { plan } = await this.queryBus.execute(new PlanQuery(planId, {}));
    requirePermission(principal, { kind: 'read' }, plan.laCode);
    requirePermission(principal, { kind: 'record', command: { type: command } }, plan.laCode);
    return { plan, revision: revision.toString() };
  }
}

/** A plan's breadcrumbs, down to the form. */
export function planBreadcrumbs(plan: PlanView): { text: string; href: string }[] {
  return [
    { text: 'Portfolio', href: '/' },
    { text: authorityByCode(plan.laCode)?.name ?? `Council ${plan.laCode}`, href: `/councils/${encodeURIComponent(plan.laCode)}` },
    { text: plan.title, href: `/plans/${encodeURIComponent(plan.planId)}` },
  ];
}
