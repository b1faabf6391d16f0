type Props = {
  message: string;
  politeness?: 'polite' | 'assertive';
  /** Visible regions double as on-screen status text; hidden ones only speak. */
  visible?: boolean;
  className?: string;
};

/**
 * A region that is always in the page, so screen readers notice when its text changes (a region
 * that appears together with its text is often not announced).
 */
export function LiveRegion({ message, politeness = 'polite', visible = false, className }: Props) {
  return (
    <div
      role={politeness === 'assertive' ? 'alert' : 'status'}
      aria-live={politeness}
      aria-atomic="true"
      className={[visible ? '' : 'visually-hidden', className ?? ''].join(' ').trim() || undefined}
    >
      {message}
    </div>
  );
}
