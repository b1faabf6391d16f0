import { z } from 'zod';
import {
  BoardMetaSchema,
  BoardModeSchema,
  BoardViewSchema,
  HideReasonSchema,
  NoteTextSchema,
  OwnNoteSchema,
  ThemeNameSchema,
  ThemeSchema,
} from '../domain/board.ts';
import { GroupKeySchema } from '../domain/groups.ts';

const activityId = z.uuid();

/** Idea-board commands. Merged into `commands` in socket.ts; permissions live on the server. */
export const boardCommands = {
  /**
   * Adds a note. `id` is made by the device, so a resend after a dropped connection is the same
   * note, stored once. A facilitator adds notes only on someone's behalf (`assistedGroupKey`).
   */
  'note:add': {
    request: z
      .object({
        id: z.uuid(),
        activityId,
        text: NoteTextSchema,
        showName: z.boolean().default(false),
        assistedGroupKey: z.optional(GroupKeySchema),
      })
      .strict(),
    response: OwnNoteSchema,
  },
  'note:edit': {
    request: z.object({ id: z.uuid(), text: NoteTextSchema }).strict(),
    response: OwnNoteSchema,
  },
  'note:withdraw': { request: z.object({ id: z.uuid() }).strict(), response: OwnNoteSchema },
  /** The board as the sender may see it: a participant gets their own notes, a facilitator all. */
  'board:get': { request: z.object({ activityId }).strict(), response: BoardViewSchema },
  'board:configure': {
    request: z
      .object({
        activityId,
        mode: z.optional(BoardModeSchema),
        locked: z.boolean().optional(),
        allowAsync: z.boolean().optional(),
      })
      .strict(),
    response: BoardMetaSchema,
  },
  'board:reveal': { request: z.object({ activityId }).strict(), response: BoardMetaSchema },
  'theme:create': {
    request: z.object({ activityId, name: ThemeNameSchema }).strict(),
    response: ThemeSchema,
  },
  'theme:update': {
    request: z
      .object({
        themeId: z.uuid(),
        name: z.optional(ThemeNameSchema),
        position: z.int().min(0).max(500).optional(),
      })
      .strict(),
    response: ThemeSchema,
  },
  'theme:remove': {
    request: z.object({ themeId: z.uuid() }).strict(),
    response: z.object({ themeId: z.uuid() }),
  },
  /** Puts a note in a theme (or back in "not sorted yet" with null) at a position. */
  'note:place': {
    request: z
      .object({
        id: z.uuid(),
        themeId: z.uuid().nullable(),
        position: z.int().min(0).max(10_000).optional(),
      })
      .strict(),
    response: OwnNoteSchema,
  },
  'note:merge': {
    request: z.object({ id: z.uuid(), intoId: z.uuid() }).strict(),
    response: OwnNoteSchema,
  },
  'note:hide': {
    request: z.object({ id: z.uuid(), reason: HideReasonSchema }).strict(),
    response: OwnNoteSchema,
  },
  'note:unhide': { request: z.object({ id: z.uuid() }).strict(), response: OwnNoteSchema },
} as const;

/** Board events pushed by the server. */
export const boardEvents = {
  /** To the author's devices: one of their notes changed (hidden, merged, placed...). */
  'note:mine': OwnNoteSchema,
  /** To facilitators: any note changed, including private notes before the reveal. */
  'note:changed': OwnNoteSchema,
} as const;
