import { lazy } from 'react';

// What a phone needs only once it has joined (the optional steps, the workshop's screens and the
// live connection) is its own chunk, fetched while the person fills in the join form: the form
// does not wait for it on a slow network (LIGHT11).
export const loadJoined = () => import('./joined.ts');

export const LazyParticipantView = lazy(() =>
  loadJoined().then((m) => ({ default: m.ParticipantView })),
);
export const LazyContactStep = lazy(() => loadJoined().then((m) => ({ default: m.ContactStep })));
export const LazyAboutYouStep = lazy(() => loadJoined().then((m) => ({ default: m.AboutYouStep })));
