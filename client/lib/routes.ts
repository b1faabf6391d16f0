/**
 * Every page's address: the patterns the router matches (App.tsx) and the builders the pages link
 * and navigate with, filled from the same pattern so a link cannot point at a page that is not
 * there. The REST API's addresses are not here: they come from shared/http's route definitions.
 */
export const pagePatterns = {
  home: '/',
  setup: '/setup',
  login: '/login',
  invite: '/invite/:token',
  reset: '/reset/:token',
  team: '/accounts',
  workshops: '/workshops',
  newWorkshop: '/workshops/new',
  editWorkshop: '/workshops/:id/edit',
  workshopConsole: '/workshops/:id',
  printBallot: '/print/vote/:workshopId/:activityId',
  records: '/records',
  newRecord: '/records/new',
  editRecord: '/records/:id/edit',
  record: '/records/:id',
  calendar: '/calendar',
  feedback: '/feedback/:publicId',
  referenceProfile: '/admin/reference-profile',
  joinCode: '/join',
  join: '/j/:code',
  screen: '/screen/:code',
} as const;

/** The `:name` parts of a pattern. */
type ParamsOf<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? Name | ParamsOf<Rest>
  : P extends `${string}:${infer Name}`
    ? Name
    : never;

function fill<P extends string>(pattern: P, params: Record<ParamsOf<P>, string>): string {
  const values: Record<string, string> = params;
  return pattern.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(values[name] ?? ''));
}

/** "?q=park" from a query already built, or nothing when it is empty. */
const withQuery = (path: string, query = '') => (query ? `${path}?${query}` : path);

const p = pagePatterns;

export const pages = {
  home: () => p.home,
  setup: () => p.setup,
  /** The sign-in page; `next` is where to go after it (checked by safeNext there). */
  login: (next?: string) =>
    next === undefined ? p.login : `${p.login}?next=${encodeURIComponent(next)}`,
  team: () => p.team,
  workshops: () => p.workshops,
  newWorkshop: () => p.newWorkshop,
  editWorkshop: (id: string) => fill(p.editWorkshop, { id }),
  workshopConsole: (id: string) => fill(p.workshopConsole, { id }),
  printBallot: (workshopId: string, activityId: string) =>
    fill(p.printBallot, { workshopId, activityId }),
  /** The records list, with its filters as the page's own query string. */
  records: (query?: string) => withQuery(p.records, query),
  newRecord: () => p.newRecord,
  editRecord: (id: string) => fill(p.editRecord, { id }),
  record: (id: string) => fill(p.record, { id }),
  calendar: (query?: string) => withQuery(p.calendar, query),
  /**
   * The server builds the same link for its emails and the calendar feed (shared feedbackPath,
   * kept equal by routes.test.ts); that module's schemas stay out of the phone's first bytes.
   */
  feedback: (publicId: string) => fill(p.feedback, { publicId }),
  referenceProfile: () => p.referenceProfile,
  joinCode: () => p.joinCode,
  join: (code: string) => fill(p.join, { code }),
  screen: (code: string) => fill(p.screen, { code }),
};
