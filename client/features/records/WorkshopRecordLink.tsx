import { Link } from '../../components/Link.tsx';
import { useRecordOfWorkshop, useRecordsT } from './useRecords.ts';
import { pages } from '../../lib/routes.ts';

type Props = { workshopId: string; status: string; title?: string };

/** From a workshop to the engagement record its outcome is saved in, once it has one. */
export function WorkshopRecordLink({ workshopId, status, title }: Props) {
  const { t } = useRecordsT();
  const recordId = useRecordOfWorkshop(workshopId, status);
  if (!recordId) return null;
  return <RecordLink recordId={recordId} title={title} label={t('workshopLink.open')} />;
}

/** The same link where the caller already knows the record (the workshop list asks once). */
export function RecordLink({
  recordId,
  title,
  label,
}: {
  recordId: string;
  title?: string | undefined;
  label?: string;
}) {
  const { t } = useRecordsT();
  return (
    <Link
      to={pages.record(recordId)}
      className="btn btn-secondary"
      aria-label={title ? t('workshopLink.openFor', { title }) : undefined}
    >
      {label ?? t('workshopLink.record')}
    </Link>
  );
}
