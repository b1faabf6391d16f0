import { recordApi } from '../../../shared/http/recordRoutes.ts';
import { urlOf } from '../../../shared/http/route.ts';
import { workshopApi } from '../../../shared/http/workshopRoutes.ts';
import { useCall } from '../../lib/useCall.ts';
import { useId, useState } from 'react';
import type { EngagementRecord, SnapshotSummary } from '../../../shared/domain/records.ts';
import type { WorkshopStatus } from '../../../shared/domain/workshop.ts';
import { Button } from '../../components/Button.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { ErrorMessage, Notice } from '../../components/ErrorMessage.tsx';
import { Link } from '../../components/Link.tsx';
import { LiveRegion } from '../../components/LiveRegion.tsx';
import { Loading } from '../../components/Loading.tsx';
import { call, asProblem, type ProblemBody } from '../../lib/api.ts';
import { problemText } from '../../lib/errors.ts';
import { formatInstant, formatLocalDateTime } from '../../lib/format.ts';
import { FacilitatorPage } from '../auth/FacilitatorPage.tsx';
import { ResponsesEditor } from '../feedback/ResponsesEditor.tsx';
import { AuditLog } from '../reach/AuditLog.tsx';
import { EraseContributions } from '../reach/EraseContributions.tsx';
import { ReachReport } from '../reach/ReachReport.tsx';
import { StatusBadge } from '../workshops/StatusBadge.tsx';
import { OutcomeView } from './OutcomeView.tsx';
import { RecordFacts } from './RecordFacts.tsx';
import { useRecordsT } from './useRecords.ts';
import './records.css';
import { pages } from '../../lib/routes.ts';

type View = 'public' | 'audit';

/**
 * An engagement record in plain English (REC1, REC4): its details, then each workshop's saved
 * outcome with its versions, readable on screen and printable as a PDF from the browser.
 */
export function RecordPage({ recordId }: { recordId: string }) {
  const { t, tc } = useRecordsT();
  const record = useCall(recordApi.get, { params: { id: recordId } });
  const [view, setView] = useState<View>('public');
  const [announcement, setAnnouncement] = useState('');
  // Grows with every change made here (a version saved, a workshop added, an erasure), so the
  // parts that read what changed (outcomes, reach, the audit log) fetch again.
  const [changes, setChanges] = useState(0);
  const auditId = useId();
  const changed = () => {
    setChanges((n) => n + 1);
    record.reload();
  };

  if (record.problem && !record.data) {
    return (
      <FacilitatorPage title={t('record.title')}>
        <ErrorMessage>
          {problemText(tc, record.problem, { NOT_FOUND: t('record.notFound') })}
        </ErrorMessage>
        <Link to={pages.records()}>{t('nav.backToRecords')}</Link>
      </FacilitatorPage>
    );
  }
  const r = record.data;
  if (!r) {
    return (
      <FacilitatorPage title={t('record.title')}>
        <Loading />
      </FacilitatorPage>
    );
  }

  const origin = window.location.origin;
  const exportUrl = (def: { path: string }) => `${origin}${urlOf(def, { id: r.id })}`;

  return (
    <FacilitatorPage
      title={r.title}
      titleWritten
      documentTitle={t('record.tabTitle', { title: r.title })}
      variant="wide"
    >
      <div className="record-page" data-testid="record-page">
        <LiveRegion message={announcement} />
        <p className="record-kicker">
          <span>{t('record.kicker')}</span> <RecordStatusBadge status={r.status} />
        </p>

        <div className="toolbar no-print">
          <Link to={pages.editRecord(r.id)} className="btn btn-primary">
            {t('record.edit')}
          </Link>
          <Button onClick={() => window.print()}>{t('record.print')}</Button>
          <Link to={pages.records()} className="btn btn-secondary">
            {t('nav.backToRecords')}
          </Link>
        </div>

        <nav className="record-contents no-print" aria-label={t('contents.label')}>
          <ul>
            <li>
              <a href="#record-details">{t('contents.details')}</a>
            </li>
            <li>
              <a href="#record-workshops">{t('contents.workshops')}</a>
            </li>
            <li>
              <a href="#record-reach">{t('contents.reach')}</a>
            </li>
            <li>
              <a href="#record-feedback">{t('contents.feedback')}</a>
            </li>
            <li>
              <a href="#record-protection">{t('contents.protection')}</a>
            </li>
          </ul>
        </nav>

        <RecordFacts record={r} />

        <section className="panel record-exports" aria-labelledby="exports-heading">
          <h2 id="exports-heading">{t('record.exports')}</h2>
          <p className="muted">{t('record.exportsHint')}</p>
          <ul className="record-export-links">
            <li>
              <a href={exportUrl(recordApi.exportCsv)} download>
                {t('record.exportCsv')}
              </a>
            </li>
            <li>
              <a href={exportUrl(recordApi.exportJson)} download>
                {t('record.exportJson')}
              </a>
            </li>
            <li>
              <a href={exportUrl(recordApi.openData)} download>
                {t('record.exportZip')}
              </a>
            </li>
          </ul>
        </section>

        {r.workshops.length > 0 ? (
          <>
            <div className="record-view-choice no-print">
              <input
                id={auditId}
                type="checkbox"
                className="record-view-checkbox"
                aria-describedby={`${auditId}-hint`}
                checked={view === 'audit'}
                onChange={(e) => {
                  const next: View = e.currentTarget.checked ? 'audit' : 'public';
                  setView(next);
                  setAnnouncement(t(`record.viewNow.${next}`));
                }}
              />
              <div>
                <label htmlFor={auditId} className="record-view-label">
                  {t('record.auditToggle')}
                </label>
                <p id={`${auditId}-hint`} className="field-hint">
                  {t('record.auditHint')}
                </p>
              </div>
            </div>
            {view === 'audit' ? (
              <div className="record-audit-notice">
                <Notice>{t('record.auditNotice')}</Notice>
              </div>
            ) : null}
            <p className="print-only record-view-printed">{t(`record.printedView.${view}`)}</p>
          </>
        ) : null}

        <h2 id="record-workshops" className="record-workshops-heading">
          {t('record.workshops', { count: r.workshops.length })}
        </h2>
        {r.workshops.length === 0 ? <p className="empty">{t('record.noWorkshops')}</p> : null}
        {r.workshops.map((w) => (
          <WorkshopOutcome
            key={w.id}
            recordId={r.id}
            workshop={w}
            view={view}
            refreshKey={changes}
            announce={setAnnouncement}
            onChanged={changed}
          />
        ))}

        <LinkWorkshop record={r} announce={setAnnouncement} onChanged={changed} />

        <div id="record-reach" className="record-reach">
          <ReachReport recordId={r.id} refreshKey={changes} />
        </div>

        <div id="record-feedback" className="record-feedback no-print">
          <ResponsesEditor recordId={r.id} onPublished={changed} />
        </div>

        <section
          id="record-protection"
          className="record-protection no-print"
          aria-labelledby="protection-heading"
        >
          <h2 id="protection-heading">{t('protection.heading')}</h2>
          {r.workshops.map((w) => (
            <details key={w.id} className="record-erase">
              <summary>{t('protection.erase', { title: w.title })}</summary>
              <WorkshopErase workshopId={w.id} onErased={changed} />
            </details>
          ))}
          <AuditLog recordId={r.id} refreshKey={changes} />
        </section>
      </div>
    </FacilitatorPage>
  );
}

/** A record's status in words, with a shape as a second cue. */
export function RecordStatusBadge({ status }: { status: EngagementRecord['status'] }) {
  const { t } = useRecordsT();
  const icon = { planned: '○', open: '●', closed: '■', feedback_given: '✓' }[status];
  return (
    <span className={`badge record-badge record-badge-${status}`}>
      <span aria-hidden="true">{icon} </span>
      {t(`statuses.${status}`)}
    </span>
  );
}

type RecordWorkshop = EngagementRecord['workshops'][number];

function WorkshopOutcome({
  recordId,
  workshop,
  view,
  refreshKey,
  announce,
  onChanged,
}: {
  recordId: string;
  workshop: RecordWorkshop;
  view: View;
  refreshKey: number;
  announce: (message: string) => void;
  onChanged: () => void;
}) {
  const { t, tc, language } = useRecordsT();
  const ids = { id: recordId, workshopId: workshop.id };
  const hasSnapshot = workshop.latestVersion !== null;
  // A new latest version (saved at close or by hand) changes the list of versions too.
  const snapshots = useCall(
    recordApi.snapshots,
    hasSnapshot ? { params: ids } : null,
    `${workshop.latestVersion}-${refreshKey}`,
  );
  // null: follow the newest version, also after "Save outcome now" makes a newer one.
  const [version, setVersion] = useState<number | null>(null);
  const shown = version ?? workshop.latestVersion;
  // An erasure redacts saved versions in place: the same version is fetched again.
  const snapshot = useCall(
    recordApi.snapshot,
    shown === null ? null : { params: { ...ids, version: shown }, query: { view } },
    refreshKey,
  );
  const [busy, setBusy] = useState<'save' | 'remove' | null>(null);
  const [problem, setProblem] = useState<ProblemBody | null>(null);
  const [confirmRemove, setConfirmRemove] = useState(false);
  const headingId = useId();
  const pickerId = useId();

  const versions = [...(snapshots.data?.snapshots ?? [])].sort((a, b) => b.version - a.version);
  const describe = (s: SnapshotSummary) =>
    t('versions.option', {
      n: s.version,
      reason: t(`versions.reason.${s.reason}`),
      when: formatInstant(s.takenAt, language),
    }) + (s.version === workshop.latestVersion ? ` ${t('versions.latest')}` : '');

  async function saveNow() {
    setBusy('save');
    setProblem(null);
    try {
      const saved = await call(recordApi.saveSnapshot, { params: ids });
      setVersion(null);
      announce(t('versions.saved', { n: saved.version }));
      onChanged();
    } catch (err) {
      setProblem(asProblem(err));
    }
    setBusy(null);
  }

  async function remove() {
    setBusy('remove');
    setProblem(null);
    try {
      await call(recordApi.unlink, { params: ids });
      announce(t('link.removed', { title: workshop.title }));
      onChanged();
    } catch (err) {
      setProblem(asProblem(err));
      setBusy(null);
    }
  }

  const current = versions.find((s) => s.version === shown);
  // A close whose outcome failed to save said so (SEC12); saving it by hand is offered here until
  // a version newer than the close exists.
  const newest = versions[0];
  const closedUnsaved =
    workshop.status === 'closed' &&
    (!hasSnapshot ||
      (newest !== undefined &&
        workshop.closedAt !== null &&
        Date.parse(newest.takenAt) < Date.parse(workshop.closedAt)));
  const when = formatLocalDateTime(workshop.startsAt, language);

  return (
    <section className="record-workshop" aria-labelledby={headingId} data-testid="record-workshop">
      <h2 id={headingId} className="record-workshop-title">
        <span className="outcome-kind">{t('record.workshop')}: </span>
        <bdi>{workshop.title}</bdi>
      </h2>
      <dl className="facts">
        <div>
          <dt>{t('record.workshopStatus')}</dt>
          <dd>
            <StatusBadge status={workshop.status as WorkshopStatus} />
          </dd>
        </div>
        <div>
          <dt>{t('record.workshopDate')}</dt>
          <dd>{when ?? t('record.noDate')}</dd>
        </div>
      </dl>
      {current ? (
        <p className="record-version-shown">
          <strong>{t('versions.shown')}:</strong> {describe(current)}
        </p>
      ) : null}

      <div className="record-workshop-tools no-print">
        {versions.length > 1 ? (
          <div className="field record-version-field">
            <label htmlFor={pickerId} className="field-label">
              {t('versions.label')}
            </label>
            <select
              id={pickerId}
              className="select"
              value={shown ?? ''}
              onChange={(e) => {
                const n = Number(e.currentTarget.value);
                setVersion(n === workshop.latestVersion ? null : n);
                announce(t('versions.showing', { n }));
              }}
            >
              {versions.map((s) => (
                <option key={s.version} value={s.version}>
                  {describe(s)}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <div className="actions">
          <Link to={pages.workshopConsole(workshop.id)} className="btn btn-secondary">
            {t('record.openWorkshop')}
          </Link>
          {workshop.status === 'open' || closedUnsaved ? (
            <Button busy={busy === 'save'} onClick={() => void saveNow()}>
              {busy === 'save' ? t('versions.saving') : t('versions.saveNow')}
            </Button>
          ) : null}
          <Button
            variant="link"
            onClick={() => setConfirmRemove(true)}
            busy={busy === 'remove'}
            aria-label={`${t('link.remove')}: ${workshop.title}`}
          >
            {t('link.remove')}
          </Button>
        </div>
      </div>
      {problem ? <ErrorMessage>{problemText(tc, problem)}</ErrorMessage> : null}

      {!hasSnapshot ? (
        <p className="empty">
          {workshop.status === 'open' ? t('versions.noneOpen') : t('versions.none')}
        </p>
      ) : snapshot.problem ? (
        <ErrorMessage>{problemText(tc, snapshot.problem)}</ErrorMessage>
      ) : snapshot.data && snapshot.data.version === shown ? (
        <OutcomeView outcome={snapshot.data.outcome} view={view} />
      ) : (
        <Loading />
      )}

      <ConfirmDialog
        open={confirmRemove}
        title={t('link.removeTitle')}
        confirmLabel={t('link.removeConfirm')}
        danger
        onConfirm={() => {
          setConfirmRemove(false);
          void remove();
        }}
        onCancel={() => setConfirmRemove(false)}
      >
        <p>{t('link.removeText', { title: workshop.title })}</p>
      </ConfirmDialog>
    </section>
  );
}

/** Adds one of the facilitator's workshops to this record (a pop-up in another place, say). */
function LinkWorkshop({
  record,
  announce,
  onChanged,
}: {
  record: EngagementRecord;
  announce: (message: string) => void;
  onChanged: () => void;
}) {
  const { t, tc, language } = useRecordsT();
  const workshops = useCall(workshopApi.list, {});
  const [chosen, setChosen] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ProblemBody | null>(null);
  const selectId = useId();
  // Which record each workshop is in now, so moving one out of another record is asked (SEC9).
  const others = useCall(recordApi.list, {}, record.updatedAt);
  const [confirmMove, setConfirmMove] = useState(false);
  const linked = new Set(record.workshops.map((w) => w.id));
  const choices = (workshops.data ?? []).filter((w) => !linked.has(w.id));
  const elsewhere = (workshopId: string) =>
    others.data?.records.find(
      (r) => r.id !== record.id && r.workshops.some((w) => w.id === workshopId),
    );
  const chosenElsewhere = chosen ? elsewhere(chosen) : undefined;

  async function add(move: boolean) {
    const w = choices.find((x) => x.id === chosen);
    if (!w) return;
    setBusy(true);
    setProblem(null);
    try {
      await call(recordApi.link, {
        params: { id: record.id, workshopId: w.id },
        body: move ? { move } : {},
      });
      setChosen('');
      announce(t(move ? 'link.moved' : 'link.added', { title: w.title }));
      onChanged();
    } catch (err) {
      setProblem(asProblem(err));
    }
    setBusy(false);
  }

  return (
    <section className="panel no-print" aria-labelledby="link-heading">
      <h2 id="link-heading">{t('link.heading')}</h2>
      <p className="muted">{t('link.hint')}</p>
      {workshops.problem ? <ErrorMessage>{problemText(tc, workshops.problem)}</ErrorMessage> : null}
      {!workshops.data && !workshops.problem ? <Loading /> : null}
      {workshops.data && choices.length === 0 ? (
        <p className="empty">{t('link.noneLeft')}</p>
      ) : null}
      {choices.length > 0 ? (
        <form
          className="record-link-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (chosenElsewhere) setConfirmMove(true);
            else void add(false);
          }}
        >
          <div className="field">
            <label htmlFor={selectId} className="field-label">
              {t('link.choose')}
            </label>
            <select
              id={selectId}
              className="select"
              value={chosen}
              onChange={(e) => setChosen(e.currentTarget.value)}
            >
              <option value="">{t('link.pick')}</option>
              {choices.map((w) => (
                <option key={w.id} value={w.id}>
                  {w.title}
                  {w.startsAt ? ` (${formatLocalDateTime(w.startsAt, language) ?? ''})` : ''}
                  {elsewhere(w.id)
                    ? ` — ${t('link.inOther', { record: elsewhere(w.id)?.title ?? '' })}`
                    : ''}
                </option>
              ))}
            </select>
          </div>
          <Button type="submit" disabled={!chosen} busy={busy}>
            {t('link.add')}
          </Button>
        </form>
      ) : null}
      {problem ? <ErrorMessage>{problemText(tc, problem)}</ErrorMessage> : null}
      <ConfirmDialog
        open={confirmMove}
        title={t('link.moveTitle')}
        confirmLabel={t('link.moveConfirm')}
        onConfirm={() => {
          setConfirmMove(false);
          void add(true);
        }}
        onCancel={() => setConfirmMove(false)}
      >
        <p>
          {t('link.moveText', {
            title: choices.find((w) => w.id === chosen)?.title ?? '',
            record: chosenElsewhere?.title ?? '',
          })}
        </p>
      </ConfirmDialog>
    </section>
  );
}

/** Erasure on request for one workshop, with the workshop's own names for its groups. */
function WorkshopErase({ workshopId, onErased }: { workshopId: string; onErased: () => void }) {
  const workshop = useCall(workshopApi.get, { params: { id: workshopId } });
  return (
    <EraseContributions
      workshopId={workshopId}
      groups={workshop.data?.groups ?? []}
      onErased={onErased}
    />
  );
}
