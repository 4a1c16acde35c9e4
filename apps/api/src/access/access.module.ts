import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccessDirectory } from './access-directory';
import { AccessGuard } from './access.guard';
import { Authenticator } from './authenticator';

/** Who is asking (Authenticator), what they hold (AccessDirectory, from the access stream), and the guard on every handler. */
@Global()
@Module({
  providers: [AccessDirectory, Authenticator, { provide: APP_GUARD, useClass: AccessGuard }],
  exports: [AccessDirectory, Authenticator],
})
export class AccessModule {}
