/**
 * What the Merkle tree hashes for one event: the RFC 8785 canonical JSON of `{ event, position }`, where event
 * is the envelope exactly as stored (eventId, streamId, revision, type, data, metadata, recordedAt) and position
 * is its gapless place in the log, from 1. The stored bytes appear verbatim inside, so the leaf is recomputable
 * from an export with nothing but SHA-256. It is also one line of an exported events.ndjson.
 */
export function leafInput(position: bigint, storedCanonical: Buffer): Buffer {
  return Buffer.concat([Buffer.from('{"event":'), storedCanonical, Buffer.from(`,"position":${position}}`)]);
}
