export * from './roles';
export * from './access-events';
export type { AccessCommand } from './access-commands';
export { accessDecider } from './access-decider';
export { initialAccessState, rolesOf, type AccessState, type Grant } from './access-state';
export * from './permissions';
export { parseAccessCommand } from '../parse/access-command';
