import * as z from 'zod/mini';
import { GroupKeySchema } from '../domain/groups.ts';
import { keyedPartialRecord } from '../domain/keyedRecord.ts';
import { LanguageSchema } from '../domain/languages.ts';
import { limits } from '../domain/limits.ts';
import { line } from '../domain/text.ts';
import { checkSentences } from '../domain/checkSentences.ts';
import { RoomStateSchema } from '../domain/room.ts';

/**
 * Request bodies of the REST API. Workshop bodies live beside the workshop domain
 * (CreateWorkshopSchema, UpdateWorkshopSchema, ReplaceAgendaSchema).
 */
export const email = z.pipe(
  z.string().check(z.trim(), z.toLowerCase(), z.maxLength(limits.emailMax)),
  z.email(checkSentences.email),
);
export const newPassword = z
  .string()
  .check(
    z.minLength(limits.passwordMin, `At least ${limits.passwordMin} characters`),
    z.maxLength(limits.passwordMax, `At most ${limits.passwordMax} characters`),
  );

export const SetupSchema = z.strictObject({
  email,
  password: newPassword,
  name: line(limits.personNameMax, 1),
  setupToken: z.optional(z.string().check(z.maxLength(200))),
});
export type SetupInput = z.input<typeof SetupSchema>;

export const LoginSchema = z.strictObject({
  email,
  password: z
    .string()
    .check(z.minLength(1, checkSentences.required), z.maxLength(limits.passwordMax)),
});
export type LoginInput = z.input<typeof LoginSchema>;

export const AcceptInviteSchema = z.strictObject({
  email,
  password: newPassword,
  name: line(limits.personNameMax, 1),
});
export type AcceptInviteInput = z.input<typeof AcceptInviteSchema>;

export const JoinSchema = z.strictObject({
  displayName: z._default(line(limits.displayNameMax), ''),
  groupKey: GroupKeySchema,
  language: z._default(LanguageSchema, 'en'),
});
export type JoinInput = z.input<typeof JoinSchema>;

export const InstanceInfoSchema = z.object({
  setupRequired: z.boolean(),
  setupTokenRequired: z.boolean(),
  /** Whether the server can send e-mail (SMTP_URL): a forgotten password can then be reset by
   * e-mail (AUTH9). */
  mailConfigured: z.boolean(),
});
export type InstanceInfo = z.infer<typeof InstanceInfoSchema>;
/** An owner also manages the accounts (AUTH6); every facilitator plans and runs workshops. */
export const RoleSchema = z.enum(['owner', 'facilitator']);
export type Role = z.infer<typeof RoleSchema>;
export const FacilitatorSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: RoleSchema,
});
export type Facilitator = z.infer<typeof FacilitatorSchema>;
export const InviteCreatedSchema = z.object({
  token: z.string(),
  url: z.string(),
  expiresAt: z.string(),
});
export type InviteCreated = z.infer<typeof InviteCreatedSchema>;
export const InviteInfoSchema = z.object({ invitedBy: z.string(), expiresAt: z.string() });
export type InviteInfo = z.infer<typeof InviteInfoSchema>;
export const JoinLookupSchema = z.object({
  workshopId: z.uuid(),
  title: z.string(),
  /** The language the title is written in, and the title in others where given (LANG11). */
  language: z._default(LanguageSchema, 'en'),
  titles: z._default(keyedPartialRecord(LanguageSchema, z.string()), {}),
  status: z.enum(['draft', 'open', 'closed']),
  groups: z.array(z.object({ key: z.string(), label: z.nullable(z.string()) })),
});
export type JoinLookup = z.infer<typeof JoinLookupSchema>;

/**
 * A join link's page carries the lookup for its code (LIGHT8), in a data block with this id:
 * `lookup` null means no workshop has that code. `code` is the normalized code it answers for; a
 * page that shows another code (a kept copy, an in-app move) asks the API instead.
 */
export const JOIN_INFO_ELEMENT_ID = 'join-info';
export const InlinedJoinInfoSchema = z.object({
  code: z.string(),
  lookup: z.nullable(JoinLookupSchema),
});
export type InlinedJoinInfo = z.infer<typeof InlinedJoinInfoSchema>;
export const JoinResultSchema = z.object({
  participantId: z.uuid(),
  token: z.string(),
  workshopId: z.uuid(),
  /**
   * The room as the live connection would first show it (LIGHT10): the phone shows the workshop
   * from this answer, so a person skipping the optional steps does not wait for the WebSocket's
   * handshake. The same for everyone in the workshop; nothing about any person.
   */
  room: RoomStateSchema,
});
export type JoinResult = z.infer<typeof JoinResultSchema>;

/**
 * The address phones are given (join links, QR codes, e-mails, feeds). `source` says where it
 * came from: the PUBLIC_URL setting, this machine's network address (the console was opened on
 * a loopback address), or the address the request itself used. `loopback` warns that phones
 * cannot open it.
 */
export const PublicAddressSchema = z.strictObject({
  url: z.string().check(z.maxLength(2048)),
  source: z.enum(['setting', 'network', 'request']),
  loopback: z.boolean(),
});
export type PublicAddress = z.infer<typeof PublicAddressSchema>;
