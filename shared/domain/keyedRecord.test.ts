import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ErrorBodySchema } from '../protocol/ack.ts';
import { AuditEntrySchema, ReachQuestionSchema, ReachRowSchema } from '../protocol/reach.ts';
import { GroupKeySchema } from './groups.ts';
import { INTERNAL_KEYS } from './keyedRecord.ts';
import { OutcomeResultRowSchema, OutcomeActivitySchema } from './records.ts';
import { TranslationsSchema } from './translations.ts';
import { BallotSchema, ResultRowSchema, ResultsSchema } from './voting.ts';

const id = '6f1c2b8e-1a2b-4c3d-8e9f-0a1b2c3d4e5f';
const activityId = '7f1c2b8e-1a2b-4c3d-8e9f-0a1b2c3d4e5f';

/** A map with one honest key and one that names object internals, as JSON.parse builds it. */
const mapWith = (bad: string, honest: string, value: unknown): Record<string, unknown> =>
  JSON.parse(
    `{${JSON.stringify(honest)}: ${JSON.stringify(value)}, ${JSON.stringify(bad)}: ${JSON.stringify(value)}}`,
  ) as Record<string, unknown>;

const row = { optionId: id, label: 'Parks', score: 1, paper: 0, rank: 1, tied: false };
const cell = { kind: 'count', value: 7 };

/** Every shared schema that holds a client-keyed map, and a valid value built around the map. */
const cases: {
  name: string;
  schema: z.core.$ZodType;
  build: (map: Record<string, unknown>) => unknown;
  key: string;
  value: unknown;
}[] = [
  {
    name: 'dot ballot',
    schema: BallotSchema,
    key: id,
    value: 2,
    build: (dots) => ({ kind: 'dot', dots }),
  },
  {
    name: 'points ballot',
    schema: BallotSchema,
    key: id,
    value: 60,
    build: (points) => ({ kind: 'points', points }),
  },
  {
    name: 'result row by group',
    schema: ResultRowSchema,
    key: 'resident',
    value: { digital: 1, paper: 0 },
    build: (byGroup) => ({ ...row, nearTie: false, byGroup }),
  },
  {
    name: 'results voters by group',
    schema: ResultsSchema,
    key: 'resident',
    value: 1,
    build: (votersByGroup) => ({
      activityId,
      kind: 'dot',
      method: 'Dots',
      voters: 1,
      votersByGroup,
      rows: [],
      version: 1,
    }),
  },
  {
    name: 'outcome row by group',
    schema: OutcomeResultRowSchema,
    key: 'resident',
    value: { digital: 1, paper: 0 },
    build: (byGroup) => ({ ...row, source: 'typed', sourceId: null, byGroup }),
  },
  {
    name: 'outcome vote voters by group',
    schema: OutcomeActivitySchema,
    key: 'resident',
    value: 1,
    build: (votersByGroup) => ({
      kind: 'dot_vote',
      activityId,
      title: 'Vote',
      prompt: '',
      status: 'closed',
      method: 'Dots',
      voters: 1,
      votersByGroup,
      rows: [],
      commitments: [],
    }),
  },
  {
    name: 'phrasebook',
    schema: TranslationsSchema,
    key: 'Parks',
    value: 'Parki',
    build: (pl) => ({ pl }),
  },
  {
    name: 'error fields',
    schema: ErrorBodySchema,
    key: 'title',
    value: 'Required',
    build: (fields) => ({ code: 'BAD_REQUEST', message: 'No', fields }),
  },
  {
    name: 'audit detail',
    schema: AuditEntrySchema,
    key: 'version',
    value: 1,
    build: (detail) => ({
      id: 1,
      at: '2026-12-01T10:00:00Z',
      action: 'outcome saved',
      workshopId: null,
      facilitator: null,
      detail,
    }),
  },
  {
    name: 'reach row by group',
    schema: ReachRowSchema,
    key: 'resident',
    value: cell,
    build: (byGroup) => ({
      answer: 'a',
      label: 'A',
      count: cell,
      byGroup,
      here: null,
      borough: null,
    }),
  },
  {
    name: 'reach question answered by group',
    schema: ReachQuestionSchema,
    key: 'resident',
    value: cell,
    build: (answeredByGroup) => ({
      question: 'age',
      label: 'Age',
      comparedWith: { kind: 'everyone' },
      answered: cell,
      answeredByGroup,
      rows: [],
    }),
  },
];

describe('maps keyed by client-chosen strings', () => {
  it('[SEC8] no shared schema builds a record but through keyedRecord', () => {
    const root = path.resolve(import.meta.dirname, '..');
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (/\.ts$/.test(entry.name) && !entry.name.endsWith('.test.ts')) {
          if (entry.name === 'keyedRecord.ts') continue;
          if (/z\s*\.\s*(record|partialRecord|looseRecord)\s*\(/.test(readFileSync(full, 'utf8')))
            offenders.push(full);
        }
      }
    };
    walk(root);
    expect(offenders).toEqual([]);
  });

  it.each(cases)(
    '[SEC8] $name takes an honest map and refuses __proto__, constructor and prototype',
    ({ schema, build, key, value }) => {
      expect(z.safeParse(schema, build({ [key]: value })).success).toBe(true);
      for (const bad of INTERNAL_KEYS) {
        expect(z.safeParse(schema, build(mapWith(bad, key, value))).success, bad).toBe(false);
      }
    },
  );

  it('[SEC8] a group may not be named after object internals', () => {
    expect(GroupKeySchema.safeParse('residents-2').success).toBe(true);
    for (const bad of ['constructor', 'prototype'])
      expect(GroupKeySchema.safeParse(bad).success).toBe(false);
  });
});
