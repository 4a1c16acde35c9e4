/**
 * Run as its own process by the read-model runner spec: follows the log at argv[2] into the model at argv[3], in small
 * transactions, until the spec kills it with SIGKILL part-way.
 */
import { SqliteEventStore } from '@plan-ledger/event-store';
import { ProjectionRunner } from '@plan-ledger/projections';

const [storePath, modelPath] = process.argv.slice(2);
const store = new SqliteEventStore({ path: storePath });
const runner = new ProjectionRunner(store, { path: modelPath, batchSize: 50 });
void runner.start().then(() => process.stdout.write('started\n'));
