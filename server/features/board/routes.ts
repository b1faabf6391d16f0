import { Router } from 'express';
import { z } from 'zod';
import { notFound } from '../../errors.ts';
import { toCsv } from '../../transport/http/csv.ts';
import { requireFacilitator } from '../../transport/http/helpers.ts';
import type { BoardService } from './service.ts';

/** The moderation log, for the record and for anyone who asks why a note was hidden. (BOARD9) */
export function boardRoutes(board: BoardService): Router {
  const r = Router();
  r.get('/workshops/:id/moderation.csv', requireFacilitator, async (req, res) => {
    const id = z.uuid().safeParse(req.params.id);
    if (!id.success) throw notFound('Workshop');
    const rows = await board.moderationLog(id.data);
    const csv = toCsv(
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
    res
      .type('text/csv; charset=utf-8')
      .set('Content-Disposition', `attachment; filename="moderation-${id.data}.csv"`)
      .send('\uFEFF' + csv);
  });
  return r;
}
