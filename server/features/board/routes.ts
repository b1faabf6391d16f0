import { boardApi } from '../../../shared/http/boardRoutes.ts';
import { handle, type RouteBinding } from '../../core/http.ts';
import { csvTable } from '../../core/csv.ts';
import type { BoardService } from './service.ts';

/** The moderation log, for the record and for anyone who asks why a note was hidden. (BOARD9) */
export function boardRoutes(board: BoardService): RouteBinding[] {
  return [
    handle(boardApi.moderationCsv, async (ctx) => {
      const rows = await board.moderationLog(ctx.params.id);
      const csv = csvTable(
        ['when', 'activity', 'action', 'reason', 'facilitator', 'note id', 'note text'],
        rows.map((r) => [
          new Date(r.at).toISOString(),
          r.activity_title,
          r.action,
          r.reason,
          r.facilitator,
          r.note_id,
          r.note_text,
        ]),
      );
      ctx.header('Content-Type', 'text/csv; charset=utf-8');
      ctx.header('Content-Disposition', `attachment; filename="moderation-${ctx.params.id}.csv"`);
      return csv;
    }),
  ];
}
