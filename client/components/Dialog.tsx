import { useEffect, useId, useRef, type ReactNode } from 'react';

type Props = {
  open: boolean;
  /** The heading the dialog is named by. */
  title: ReactNode;
  /** Escape, or anything else that closes the dialog without the page asking for it. */
  onClose: () => void;
  /** Runs as the dialog opens, before it shows: where a dialog starts afresh each time. */
  onOpen?: () => void;
  className?: string;
  children: ReactNode;
};

/**
 * Every modal of ours is the browser's own <dialog>, opened with showModal: it traps focus, closes
 * on Escape and is named by its heading, with no code of ours to get wrong. Focus goes back to
 * what opened it; the browser does that itself, this only covers one that did not (an older one,
 * or focus left on the page's body).
 */
export function Dialog({ open, title, onClose, onOpen, className, children }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLElement | null>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      onOpen?.();
      opener.current =
        document.activeElement instanceof HTMLElement ? document.activeElement : null;
      dialog.showModal();
    }
    if (!open && dialog.open) dialog.close();
    // Only opening and closing matter; the caller's onOpen is read as it is at that moment.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);

  return (
    <dialog
      ref={ref}
      className={className ? `dialog ${className}` : 'dialog'}
      aria-labelledby={titleId}
      onClose={() => {
        const back = opener.current;
        opener.current = null;
        const lost = document.activeElement === null || document.activeElement === document.body;
        if (lost && back?.isConnected) back.focus();
        if (open) onClose();
      }}
    >
      <h2 id={titleId}>{title}</h2>
      {children}
    </dialog>
  );
}
