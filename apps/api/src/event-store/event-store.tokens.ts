/** Injection tokens: the port is an interface, so Nest needs a name for it. */
export const EVENT_STORE = Symbol('EventStore');
export const LEDGER_CONFIG = Symbol('LedgerConfig');
export const CLOCK = Symbol('Clock');
