import { Field, ObjectType } from '@nestjs/graphql';

@ObjectType('LedgerChange', {
  description:
    'One event recorded on a council or a plan, as a subscription tells of it: where it is in the log and whose it is, not what it says (read that with the queries, at `position`)',
})
export class LedgerChangeType {
  @Field({ description: 'The council: for a plan, the council its creation names now' }) laCode!: string;
  @Field(() => [String], { description: 'Every council the change belongs to (a plan moved by correction belongs to each)' })
  councils!: string[];
  @Field(() => String, { nullable: true, description: 'The plan, for a change on a plan stream' }) planId!: string | null;
  @Field() streamId!: string;
  @Field({ description: 'The event type, e.g. GradeRecorded, MonitoringVisitLogged' }) type!: string;
  @Field({ description: "The stream's revision after the event: pass it as expectedRevision to write next" }) revision!: string;
  @Field({ description: 'Its place in the log: what a `knownAt` or a read from this position sees' }) position!: string;
  @Field({ description: 'When the log recorded it (ISO 8601, UTC)' }) recordedAt!: string;
}
