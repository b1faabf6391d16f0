import type { TestProject } from 'vitest/node';
import { startPostgres } from './postgres.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresAdminUrl: string;
  }
}

/** One PostgreSQL server for the integration run; each test app gets its own database in it. */
export default async function setup(project: TestProject) {
  const pg = await startPostgres();
  project.provide('postgresAdminUrl', pg.url);
  return () => pg.stop();
}
