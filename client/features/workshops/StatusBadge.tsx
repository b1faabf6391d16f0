import { useTranslation } from '../../i18n/useTranslation.ts';
import type { WorkshopStatus } from '../../../shared/domain/workshop.ts';

/** Status in words, with a shape and colour as a second cue, never the only one. */
export function StatusBadge({ status }: { status: WorkshopStatus }) {
  const { t } = useTranslation();
  const icon = status === 'open' ? '●' : status === 'closed' ? '■' : '○';
  return (
    <span className={`badge badge-${status}`}>
      <span aria-hidden="true">{icon} </span>
      {t(`status.${status}`)}
    </span>
  );
}
