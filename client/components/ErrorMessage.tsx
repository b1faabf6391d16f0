import { useEffect, useRef, type ReactNode } from 'react';

type Props = { children: ReactNode; focus?: boolean };

/** A problem the person must read before going on; announced at once. */
export function ErrorMessage({ children, focus = false }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (focus) ref.current?.focus();
  }, [focus]);
  return (
    <div className="notice notice-error" role="alert" tabIndex={focus ? -1 : undefined} ref={ref}>
      <span aria-hidden="true" className="notice-icon">
        ⚠
      </span>
      <div>{children}</div>
    </div>
  );
}

export function Notice({ children }: { children: ReactNode }) {
  return (
    <div className="notice notice-info">
      <span aria-hidden="true" className="notice-icon">
        ℹ
      </span>
      <div>{children}</div>
    </div>
  );
}
