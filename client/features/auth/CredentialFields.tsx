import { useTranslation } from '../../i18n/useTranslation.ts';
import { limits } from '../../../shared/domain/limits.ts';
import { Field } from '../../components/Field.tsx';

type Common = {
  value: string;
  error: string | undefined;
  onChange: (value: string) => void;
  /** Defaults to the plain "Email" / "Password". */
  label?: string;
};

/**
 * An email box as every account form has it: typed for the phone's keyboard, bounded, and named
 * for password managers (`username` where it identifies an existing account).
 */
export function EmailField({
  value,
  error,
  onChange,
  label,
  autoComplete = 'email',
}: Common & { autoComplete?: 'email' | 'username' }) {
  const { t } = useTranslation();
  return (
    <Field label={label ?? t('fields.email')} error={error}>
      {(p) => (
        <input
          {...p}
          className="input"
          type="email"
          autoComplete={autoComplete}
          maxLength={limits.emailMax}
          value={value}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      )}
    </Field>
  );
}

/**
 * A password box. A new password says how long it must be; the current one does not. The
 * `autoComplete` value tells password managers which of the two it is.
 */
export function PasswordField({
  value,
  error,
  onChange,
  label,
  purpose,
}: Common & { purpose: 'current' | 'new' }) {
  const { t } = useTranslation();
  return (
    <Field
      label={label ?? t('fields.password')}
      hint={
        purpose === 'new' ? t('fields.newPasswordHint', { count: limits.passwordMin }) : undefined
      }
      error={error}
    >
      {(p) => (
        <input
          {...p}
          className="input"
          type="password"
          autoComplete={purpose === 'new' ? 'new-password' : 'current-password'}
          maxLength={limits.passwordMax}
          value={value}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      )}
    </Field>
  );
}
