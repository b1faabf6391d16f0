import { route, uuidParam } from './route.ts';

/** The idea board's REST side: its moderation log as a file. Live work goes over the socket. */
export const boardApi = {
  moderationCsv: route({
    method: 'GET',
    path: '/workshops/:id/moderation.csv',
    access: 'facilitator',
    tag: 'Workshops',
    summary: "The board's moderation log: every hide and unhide with its reason (BOARD9)",
    params: { id: uuidParam('workshop') },
    reply: { status: 200, media: 'text/csv', description: 'CSV' },
  }),
};
