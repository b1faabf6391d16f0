import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from '../i18n/useTranslation.ts';
import { Button } from './Button.tsx';

type Props = { label: string; value: string; copyLabel?: string };

/** A read-only value with a copy button; falls back to selecting the text where copying is blocked. */
export function CopyField({ label, value, copyLabel }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [status, setStatus] = useState<'' | 'copied' | 'select'>('');

  useEffect(() => {
    if (!status) return;
    const timer = setTimeout(() => setStatus(''), 4000);
    return () => clearTimeout(timer);
  }, [status]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setStatus('copied');
    } catch {
      // Clipboard access needs a secure context and permission; selecting lets people copy by hand.
      inputRef.current?.select();
      setStatus('select');
    }
  }

  return (
    <div className="copy-field">
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      <div className="copy-row">
        <input
          id={id}
          ref={inputRef}
          className="input"
          readOnly
          dir="ltr"
          value={value}
          onFocus={(e) => e.currentTarget.select()}
        />
        <Button onClick={() => void copy()}>{copyLabel ?? t('common.copy')}</Button>
      </div>
      <p className="copy-status" role="status" aria-live="polite">
        {status === 'copied'
          ? t('common.copied')
          : status === 'select'
            ? t('common.copyByHand')
            : ''}
      </p>
    </div>
  );
}
