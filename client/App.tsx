import { lazy, Suspense, type ComponentType, type ReactNode } from 'react';
import { useTranslation } from './i18n/useTranslation.ts';
import { AnnouncerProvider } from './components/Announcer.tsx';
import { Link } from './components/Link.tsx';
import { Loading } from './components/Loading.tsx';
import { Page } from './components/Page.tsx';
import { RequireFacilitator } from './features/auth/RequireFacilitator.tsx';
import { SessionProvider } from './features/auth/session.tsx';
import { JoinCodePage } from './features/join/JoinCodePage.tsx';
import { JoinPage } from './features/join/JoinPage.tsx';
import { HomePage } from './features/setup/HomePage.tsx';
import { matchPath, useLocation } from './lib/router.ts';
import { loadStaffCatalogues } from './i18n/index.ts';
import { pagePatterns as at, pages } from './lib/routes.ts';

/** A page phones never open: its code and the catalogues of the staff screens come together. */
function staffPage<P extends object>(load: () => Promise<ComponentType<P>>) {
  return lazy(async () => {
    const [page] = await Promise.all([load(), loadStaffCatalogues()]);
    return { default: page };
  });
}

// A resident's phone on one bar of signal downloads only the joining and participant pages;
// the facilitators' and projector's pages load when someone opens them.
const InvitePage = staffPage(() =>
  import('./features/auth/InvitePage.tsx').then((m) => m.InvitePage),
);
const LoginPage = staffPage(() => import('./features/auth/LoginPage.tsx').then((m) => m.LoginPage));
const ConsolePage = staffPage(() =>
  import('./features/console/ConsolePage.tsx').then((m) => m.ConsolePage),
);
const ScreenPage = staffPage(() =>
  import('./features/screen/ScreenPage.tsx').then((m) => m.ScreenPage),
);
const SetupPage = staffPage(() =>
  import('./features/setup/SetupPage.tsx').then((m) => m.SetupPage),
);
const WorkshopEditPage = staffPage(() =>
  import('./features/workshops/WorkshopEditPage.tsx').then((m) => m.WorkshopEditPage),
);
const PrintBallotPage = staffPage(() =>
  import('./features/voting/PrintBallotPage.tsx').then((m) => m.PrintBallotPage),
);
const WorkshopListPage = staffPage(() =>
  import('./features/workshops/WorkshopListPage.tsx').then((m) => m.WorkshopListPage),
);
const RecordsListPage = staffPage(() =>
  import('./features/records/RecordsListPage.tsx').then((m) => m.RecordsListPage),
);
const RecordPage = staffPage(() =>
  import('./features/records/RecordPage.tsx').then((m) => m.RecordPage),
);
const RecordForm = staffPage(() =>
  import('./features/records/RecordForm.tsx').then((m) => m.RecordForm),
);
const CalendarPage = staffPage(() =>
  import('./features/records/CalendarPage.tsx').then((m) => m.CalendarPage),
);
const PublicFeedbackPage = staffPage(() =>
  import('./features/feedback/PublicFeedbackPage.tsx').then((m) => m.PublicFeedbackPage),
);

const AccountsPage = staffPage(() =>
  import('./features/accounts/AccountsPage.tsx').then((m) => m.AccountsPage),
);
const ResetPage = staffPage(() =>
  import('./features/accounts/ResetPage.tsx').then((m) => m.ResetPage),
);
const ReferenceProfilePage = staffPage(() =>
  import('./features/reach/ReferenceProfilePage.tsx').then((m) => m.ReferenceProfilePage),
);

type Params = Record<string, string>;
type Route = { path: string; render: (params: Params) => ReactNode };

const p = (params: Params, name: string) => params[name] ?? '';

const facilitator = (render: (params: Params) => ReactNode) => (params: Params) => (
  <RequireFacilitator>{() => render(params)}</RequireFacilitator>
);

// Order matters only where patterns overlap: "/workshops/new" before "/workshops/:id".
const routes: Route[] = [
  { path: at.home, render: () => <HomePage /> },
  { path: at.setup, render: () => <SetupPage /> },
  { path: at.login, render: () => <LoginPage /> },
  { path: at.invite, render: (ps) => <InvitePage token={p(ps, 'token')} /> },
  { path: at.reset, render: (ps) => <ResetPage token={p(ps, 'token')} /> },
  { path: at.team, render: facilitator(() => <AccountsPage />) },
  { path: at.workshops, render: facilitator(() => <WorkshopListPage />) },
  { path: at.newWorkshop, render: facilitator(() => <WorkshopEditPage />) },
  {
    path: at.editWorkshop,
    render: facilitator((ps) => <WorkshopEditPage key={p(ps, 'id')} workshopId={p(ps, 'id')} />),
  },
  {
    path: at.workshopConsole,
    render: facilitator((ps) => <ConsolePage key={p(ps, 'id')} workshopId={p(ps, 'id')} />),
  },
  {
    path: at.printBallot,
    render: facilitator((ps) => (
      <PrintBallotPage workshopId={p(ps, 'workshopId')} activityId={p(ps, 'activityId')} />
    )),
  },
  { path: at.records, render: facilitator(() => <RecordsListPage />) },
  { path: at.newRecord, render: facilitator(() => <RecordForm />) },
  {
    path: at.editRecord,
    render: facilitator((ps) => <RecordForm key={p(ps, 'id')} recordId={p(ps, 'id')} />),
  },
  {
    path: at.record,
    render: facilitator((ps) => <RecordPage key={p(ps, 'id')} recordId={p(ps, 'id')} />),
  },
  { path: at.calendar, render: () => <CalendarPage /> },
  {
    path: at.feedback,
    render: (ps) => <PublicFeedbackPage key={p(ps, 'publicId')} publicId={p(ps, 'publicId')} />,
  },
  { path: at.referenceProfile, render: facilitator(() => <ReferenceProfilePage />) },
  { path: at.joinCode, render: () => <JoinCodePage /> },
  { path: at.join, render: (ps) => <JoinPage key={p(ps, 'code')} code={p(ps, 'code')} /> },
  {
    path: at.screen,
    render: (ps) => <ScreenPage key={p(ps, 'code')} code={p(ps, 'code')} />,
  },
];

export function App() {
  const { pathname } = useLocation();
  let content: ReactNode = null;
  for (const route of routes) {
    const params = matchPath(route.path, pathname);
    if (params) {
      content = route.render(params);
      break;
    }
  }
  return (
    <AnnouncerProvider>
      <SessionProvider>
        <Suspense fallback={<PageLoading />}>{content ?? <NotFound />}</Suspense>
      </SessionProvider>
    </AnnouncerProvider>
  );
}

function PageLoading() {
  const { t } = useTranslation();
  return (
    <Page title={t('app.name')} hideTitle>
      <Loading />
    </Page>
  );
}

function NotFound() {
  const { t } = useTranslation();
  return (
    <Page title={t('notFound.title')} variant="narrow">
      <p>{t('notFound.text')}</p>
      <ul>
        <li>
          <Link to={pages.joinCode()}>{t('home.joinLink')}</Link>
        </li>
        <li>
          <Link to={pages.home()}>{t('notFound.home')}</Link>
        </li>
      </ul>
    </Page>
  );
}
