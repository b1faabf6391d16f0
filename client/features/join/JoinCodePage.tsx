import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from '../../i18n/useTranslation.ts';
import {
  JOIN_CODE_LENGTH,
  isJoinCode,
  normalizeJoinCode,
} from '../../../shared/domain/joinCode.ts';
import { Button } from '../../components/Button.tsx';
import { Field } from '../../components/Field.tsx';
import { Page } from '../../components/Page.tsx';
import { navigate } from '../../lib/router.ts';
import { pages } from '../../lib/routes.ts';

/** Typing the code from the screen: forgiving about case, spaces and dashes. */
export function JoinCodePage() {
  const { t } = useTranslation();
  return (
    <Page title={t('joinCode.title')} variant="narrow">
      <JoinCodeForm />
    </Page>
  );
}

/** The join-code form alone, also the front page for anyone who is not a facilitator. */
export function JoinCodeForm() {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | undefined>();
  const inputRef = useRef<HTMLInputElement>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    const normalized = normalizeJoinCode(code);
    if (!isJoinCode(normalized)) {
      setError(
        normalized.length === 0
          ? t('joinCode.empty')
          : t('joinCode.invalid', { count: JOIN_CODE_LENGTH }),
      );
      inputRef.current?.focus();
      return;
    }
    navigate(pages.join(normalized));
  }

  return (
    <form onSubmit={submit} noValidate className="form">
      <Field label={t('joinCode.label')} hint={t('joinCode.hint')} error={error}>
        {(p) => (
          <input
            {...p}
            ref={inputRef}
            className="input input-code"
            type="text"
            dir="ltr"
            inputMode="text"
            autoCapitalize="characters"
            autoComplete="off"
            autoCorrect="off"
            spellCheck={false}
            enterKeyHint="go"
            maxLength={12}
            value={code}
            onChange={(e) => {
              setCode(e.currentTarget.value.toUpperCase());
              setError(undefined);
            }}
          />
        )}
      </Field>
      <Button type="submit" variant="primary" size="large">
        {t('joinCode.submit')}
      </Button>
    </form>
  );
}
