import { urlOf } from '../../../shared/http/route.ts';
import { feedbackApi } from '../../../shared/http/feedbackRoutes.ts';
import { useId, type ReactNode } from 'react';
import { useTranslation } from '../../i18n/useTranslation.ts';
import {
  decisions,
  type PublicActivity,
  type PublicFeedback,
} from '../../../shared/protocol/feedback.ts';
import { Button } from '../../components/Button.tsx';
import { CopyField } from '../../components/CopyField.tsx';
import { ErrorMessage, Notice } from '../../components/ErrorMessage.tsx';
import { Loading } from '../../components/Loading.tsx';
import { Page } from '../../components/Page.tsx';
import { problemText } from '../../lib/errors.ts';
import { DecisionBadge, formatDay, formatInstantDay } from './DecisionBadge.tsx';
import './feedback.css';
import { storedMethodText } from '../voting/storedMethodText.ts';
import { usePublicAddress } from '../../lib/publicAddress.ts';
import { deadline } from '../../lib/byWhen.ts';
import { isolate } from '../../lib/bidi.ts';
import { useCall } from '../../lib/useCall.ts';
import { pages } from '../../lib/routes.ts';

type Props = { publicId: string };

/**
 * "You said, we did" for anyone with the link or the QR code: what the engagement was about, what
 * was done with each thing people said (including what could not be done, and why), and what
 * people said. No sign-in, nothing personal; phones first, and it prints cleanly (REC9).
 */
export function PublicFeedbackPage({ publicId }: Props) {
  const { t, i18n } = useTranslation('feedback');
  const common = useTranslation();
  const { data, problem, reload } = useCall(feedbackApi.publicPage, { params: { publicId } });
  const language = i18n.language;

  if (!data) {
    return (
      <Page title={t('public.loadingTitle')} variant="narrow">
        {problem ? (
          problem.code === 'NOT_FOUND' ? (
            <p>{t('public.notFound')}</p>
          ) : (
            <>
              <ErrorMessage>{problemText(common.t, problem)}</ErrorMessage>
              <Button onClick={reload}>{common.t('common.tryAgain')}</Button>
            </>
          )
        ) : (
          <Loading />
        )}
      </Page>
    );
  }

  const r = data.record;
  return (
    <Page title={t('public.title', { title: r.title })} documentTitle={r.title} variant="narrow">
      <div className="feedback-page">
        {r.summary ? (
          <p className="prewrap lead" dir="auto">
            {r.summary}
          </p>
        ) : null}
        <Facts data={data} language={language} />
        <Done data={data} language={language} />
        <Said data={data} language={language} />
        <Share publicId={r.publicId} />
      </div>
    </Page>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  const id = useId();
  return (
    <section className="feedback-section" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

function Facts({ data, language }: { data: PublicFeedback; language: string }) {
  const { t } = useTranslation('feedback');
  const r = data.record;
  const from = r.startsOn ? formatDay(r.startsOn, language) : null;
  const to = r.endsOn ? formatDay(r.endsOn, language) : null;
  const when = from && to && from !== to ? t('public.dateRange', { from, to }) : (from ?? to);
  return (
    <Section title={t('public.facts')}>
      <dl className="feedback-facts">
        <div>
          <dt>{t('public.service')}</dt>
          <dd>{r.service}</dd>
        </div>
        <div>
          <dt>{t('public.area')}</dt>
          <dd>{r.area}</dd>
        </div>
        {when ? (
          <div>
            <dt>{t('public.when')}</dt>
            <dd>{when}</dd>
          </div>
        ) : null}
        {r.location ? (
          <div>
            <dt>{t('public.where')}</dt>
            <dd>{r.location}</dd>
          </div>
        ) : null}
        <div>
          <dt>{t('public.level')}</dt>
          <dd>{t(`public.levels.${r.level}`)}</dd>
        </div>
        {r.canInfluence ? (
          <div className="feedback-facts-wide">
            <dt>{t('public.could')}</dt>
            <dd className="prewrap">{r.canInfluence}</dd>
          </div>
        ) : null}
        {r.cannotInfluence ? (
          <div className="feedback-facts-wide">
            <dt>{t('public.couldNot')}</dt>
            <dd className="prewrap">{r.cannotInfluence}</dd>
          </div>
        ) : null}
      </dl>
    </Section>
  );
}

function Done({ data, language }: { data: PublicFeedback; language: string }) {
  const { t } = useTranslation('feedback');
  const published = data.record.feedbackPublishedAt;
  const responses = data.responses;
  if (!published || responses.length === 0) {
    return (
      <Section title={t('public.done')}>
        <Notice>{t('public.notYet')}</Notice>
      </Section>
    );
  }
  const counts = decisions
    .map((d) => ({ decision: d, count: responses.filter((x) => x.decision === d).length }))
    .filter((c) => c.count > 0);
  return (
    <Section title={t('public.done')}>
      <p className="muted">
        {t('public.publishedOn', { date: formatInstantDay(published, language) })}
      </p>
      <ul className="plain-list feedback-tally" aria-label={t('public.tally')}>
        {counts.map((c) => (
          <li key={c.decision}>
            <span className="feedback-tally-count">{c.count}</span>{' '}
            <DecisionBadge decision={c.decision} />
          </li>
        ))}
      </ul>
      <ol className="plain-list feedback-responses">
        {responses.map((x) => (
          <li key={x.itemId} className={`feedback-response feedback-response-${x.decision}`}>
            <p className="feedback-response-kind">{t(`kinds.${x.itemKind}`)}</p>
            <h3 className="prewrap feedback-response-label">{x.itemLabel}</h3>
            <p className="feedback-response-decision">
              <DecisionBadge decision={x.decision} />
            </p>
            {x.explanation ? (
              <p className="prewrap feedback-response-explanation">
                {x.decision === 'not_adopted' ? (
                  <strong className="feedback-why">{t('public.why')}: </strong>
                ) : null}
                {x.explanation}
              </p>
            ) : null}
            <p className="muted feedback-response-by">
              {t('public.decidedBy', {
                who: x.decidedBy,
                date: formatDay(x.decidedOn, language),
              })}
            </p>
          </li>
        ))}
      </ol>
    </Section>
  );
}

function Said({ data, language }: { data: PublicFeedback; language: string }) {
  const { t } = useTranslation('feedback');
  return (
    <Section title={t('public.said')}>
      {data.workshops.map((w, i) => (
        <article key={i} className="feedback-workshop">
          <h3 dir="auto">{w.title}</h3>
          <p className="muted">
            {[
              w.startsAt ? formatInstantDay(w.startsAt, language) : null,
              w.activities.length ? t('public.joined', { count: w.joined }) : null,
            ]
              .filter(Boolean)
              .join(' · ')}
          </p>
          {w.activities.length === 0 ? <p className="empty">{t('public.noOutcome')}</p> : null}
          {w.activities.map((a, j) => (
            <Activity key={j} activity={a} />
          ))}
        </article>
      ))}
    </Section>
  );
}

function Activity({ activity: a }: { activity: PublicActivity }) {
  const { t } = useTranslation('feedback');
  const votingT = useTranslation('voting').t;
  return (
    <div className="feedback-activity">
      <h4 dir="auto">{a.title}</h4>
      {a.prompt ? (
        <p className="prewrap muted" dir="auto">
          {a.prompt}
        </p>
      ) : null}
      {a.kind === 'idea_board' ? (
        <>
          <p>{t('public.ideas', { count: a.noteCount })}</p>
          {a.themes.map((theme) => (
            <NoteGroup
              key={theme.id}
              title={theme.name}
              count={theme.noteCount}
              notes={theme.notes}
            />
          ))}
          {a.unthemed.noteCount > 0 ? (
            <NoteGroup
              title={a.themes.length ? t('public.otherIdeas') : null}
              count={a.unthemed.noteCount}
              notes={a.unthemed.notes}
            />
          ) : null}
        </>
      ) : a.kind === 'world_cafe' ? (
        <>
          <p>{t('public.cafe', { count: a.tables })}</p>
          {a.insights.length ? (
            <>
              <h5>{t('public.insights')}</h5>
              <ul className="feedback-notes">
                {a.insights.map((i) => (
                  <li key={i.id} className="prewrap" dir="auto">
                    {i.text}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </>
      ) : (
        <>
          <p>{t('public.voters', { count: a.voters })}</p>
          {a.method ? <p className="muted">{storedMethodText(votingT, a)}</p> : null}
          {a.rows.length ? (
            <>
              <h5>{t('public.results')}</h5>
              <ol className="feedback-results">
                {a.rows.map((row) => (
                  <li key={row.optionId}>
                    <bdi className="prewrap">{row.label}</bdi>{' '}
                    <span className="muted">
                      ({t('public.score', { score: row.score })}
                      {row.tied ? `, ${t('public.tied')}` : ''})
                    </span>
                  </li>
                ))}
              </ol>
            </>
          ) : null}
          {a.commitments.length ? (
            <>
              <h5>{t('public.commitments')}</h5>
              <ul className="feedback-notes">
                {a.commitments.map((c) => (
                  <li key={c.id}>
                    <bdi className="prewrap">{c.text}</bdi>
                    {c.who ? (
                      <span className="muted">
                        {' '}
                        (
                        {c.byWhen
                          ? t('public.commitmentBy', {
                              who: isolate(c.who),
                              when: deadline(c.byWhen),
                            })
                          : isolate(c.who)}
                        )
                      </span>
                    ) : null}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </>
      )}
    </div>
  );
}

function NoteGroup({
  title,
  count,
  notes,
}: {
  title: string | null;
  count: number;
  notes: string[];
}) {
  const { t } = useTranslation('feedback');
  return (
    <div className="feedback-theme">
      {title ? (
        <h5>
          <bdi>{title}</bdi> <span className="muted">({t('public.themeNotes', { count })})</span>
        </h5>
      ) : null}
      <ul className="feedback-notes">
        {notes.map((n, i) => (
          <li key={i} className="prewrap" dir="auto">
            {n}
          </li>
        ))}
      </ul>
      {count > notes.length ? (
        <p className="muted">{t('public.more', { count: count - notes.length })}</p>
      ) : null}
    </div>
  );
}

function Share({ publicId }: { publicId: string }) {
  const { t } = useTranslation('feedback');
  const url = `${usePublicAddress().url}${pages.feedback(publicId)}`;
  return (
    <Section title={t('public.share')}>
      <div className="feedback-share">
        <img
          className="qr"
          src={urlOf(feedbackApi.publicQr, { publicId })}
          alt={t('public.qrAlt')}
          width={200}
          height={200}
        />
        <div className="feedback-share-text">
          <CopyField label={t('public.link')} value={url} />
          <p className="print-url">{url}</p>
          <Button className="no-print" onClick={() => window.print()}>
            <span aria-hidden="true">🖶 </span>
            {t('public.print')}
          </Button>
        </div>
      </div>
    </Section>
  );
}
