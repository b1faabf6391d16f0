import type { DatabaseState } from './db/health.ts';
import type { AccountEvents } from './features/auth/accounts.ts';
import type { BoardEvents } from './features/board/service.ts';
import type { CafeEvents } from './features/cafe/service.ts';
import type { ErasureEvents } from './features/records/erasure.ts';
import type { VotingEvents } from './features/voting/service.ts';
import type { WorkshopEvents } from './features/workshops/service.ts';

/** What the server's database watch tells: every connection hears it (DUR3, DUR4). */
export type HealthEvents = { 'database.changed': { state: DatabaseState } };

/** Every event on the app's bus: the union of what each feature says it tells. */
export type ServerEvents = WorkshopEvents &
  BoardEvents &
  VotingEvents &
  CafeEvents &
  AccountEvents &
  ErasureEvents &
  HealthEvents;
