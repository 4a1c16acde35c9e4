/**
 * A stream whose stored events could not be folded into a view (an event of a shape no reader knows). Named in the
 * error of the field that needed it, so the rest of the answer, other councils and plans included, still comes back.
 */
export class StreamUnreadable extends Error {
  readonly code = 'STREAM_UNREADABLE';

  constructor(
    readonly streamId: string,
    override readonly cause: unknown,
  ) {
    super(`stream ${streamId} could not be read: the service logged why; an auditor can inspect it with \`history\``);
    this.name = 'StreamUnreadable';
  }
}
