import { z } from 'zod';
import { limits } from '../domain/limits.ts';
import { RoleSchema, email, newPassword } from './rest.ts';
import { checkSentences } from '../domain/checkSentences.ts';

/** One colleague on the accounts page (AUTH6). */
export const AccountSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: RoleSchema,
  createdAt: z.string(),
});
export type Account = z.infer<typeof AccountSchema>;
export const AccountListSchema = z.object({ accounts: z.array(AccountSchema) });
export type AccountList = z.infer<typeof AccountListSchema>;

export const RoleChangeSchema = z.object({ role: RoleSchema }).strict();

/** Changing one's own password needs the current one: a session left open is not enough. */
export const PasswordChangeSchema = z
  .object({
    currentPassword: z.string().min(1, checkSentences.required).max(limits.passwordMax),
    newPassword,
  })
  .strict();
export type PasswordChangeInput = z.input<typeof PasswordChangeSchema>;

export const ResetCreatedSchema = z.object({
  url: z.string(),
  expiresAt: z.string(),
  /** Also sent to the colleague's address (only when the server can send e-mail). */
  emailed: z.boolean(),
});
export type ResetCreated = z.infer<typeof ResetCreatedSchema>;
export const ResetInfoSchema = z.object({
  name: z.string(),
  email: z.string(),
  expiresAt: z.string(),
});
export type ResetInfo = z.infer<typeof ResetInfoSchema>;
export const ResetPasswordSchema = z.object({ password: newPassword }).strict();
export const ForgotPasswordSchema = z.object({ email }).strict();
export type ForgotPasswordInput = z.input<typeof ForgotPasswordSchema>;
export type ResetPasswordInput = z.input<typeof ResetPasswordSchema>;

export const accountActions = [
  'created',
  'invited',
  'removed',
  'role_changed',
  'reset_issued',
  'password_reset',
  'password_changed',
] as const;
export const AccountAuditEntrySchema = z.object({
  at: z.string(),
  action: z.enum(accountActions),
  /** Who did it; null when nobody was signed in (set-up, an invite or a reset link used). */
  actor: z.string().nullable(),
  subject: z.string().nullable(),
  /** For a change of role: the role before and after. */
  detail: z.object({ from: z.optional(RoleSchema), to: z.optional(RoleSchema) }),
});
export type AccountAuditEntry = z.infer<typeof AccountAuditEntrySchema>;
export const AccountAuditSchema = z.object({ entries: z.array(AccountAuditEntrySchema) });
