import nodemailer from 'nodemailer';

export type Mail = { to: string; subject: string; text: string; messageId: string };

export interface Mailer {
  send(mail: Mail): Promise<void>;
  close(): void;
}

/** An SMTP answer that will not change on a retry (a 5xx: no such mailbox, refused). */
export class PermanentMailError extends Error {}

/**
 * The SMTP transport from SMTP_URL (smtp://user:pass@host:587, or smtps:// for TLS from the
 * first byte). Undefined when mail is not configured: the outbox then keeps messages pending.
 */
export function createMailer(settings: {
  smtpUrl: string | undefined;
  mailFrom: string;
}): Mailer | undefined {
  if (!settings.smtpUrl) return undefined;
  const transport = nodemailer.createTransport({
    url: settings.smtpUrl,
    // A mail server that hangs must not hold the outbox's lease for long.
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
  });
  return {
    async send(mail) {
      try {
        await transport.sendMail({
          from: settings.mailFrom,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          messageId: mail.messageId,
          headers: { 'Auto-Submitted': 'auto-generated' },
        });
      } catch (err) {
        const code = responseCode(err);
        if (code !== undefined && code >= 500 && code < 600) {
          throw new PermanentMailError(`SMTP ${code}`);
        }
        throw err;
      }
    },
    close: () => transport.close(),
  };
}

function responseCode(err: unknown): number | undefined {
  if (typeof err === 'object' && err !== null && 'responseCode' in err) {
    const code = Number(err.responseCode);
    return Number.isFinite(code) ? code : undefined;
  }
  return undefined;
}

/** What goes into logs and the outbox row: the kind of failure, never an address or password. */
export function describeMailError(err: unknown): string {
  if (err instanceof PermanentMailError) return err.message;
  const code = responseCode(err);
  if (code !== undefined) return `SMTP ${code}`;
  if (typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string') {
    return err.code;
  }
  return 'send failed';
}
