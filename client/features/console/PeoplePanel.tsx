import { useTranslation } from '../../i18n/useTranslation.ts';
import type { Group } from '../../../shared/domain/groups.ts';
import type { Presence, Roster } from '../../../shared/protocol/socket.ts';
import { groupName, groupNameByKey } from '../../lib/groups.ts';

type Props = { groups: Group[]; presence: Presence | null; roster: Roster | null };

/** Who is here, by group, so a facilitator sees at once which voices are missing from the room. */
export function PeoplePanel({ groups, presence, roster }: Props) {
  const { t } = useTranslation();
  const rows = groups.map((g) => {
    const counts = presence?.byGroup.find((b) => b.key === g.key);
    return {
      key: g.key,
      name: groupName(t, g),
      joined: counts?.joined ?? 0,
      online: counts?.online ?? 0,
    };
  });
  // A group removed after people joined it still counts; it must not vanish from the tally.
  for (const b of presence?.byGroup ?? []) {
    if (!groups.some((g) => g.key === b.key)) {
      rows.push({
        key: b.key,
        name: groupNameByKey(t, groups, b.key),
        joined: b.joined,
        online: b.online,
      });
    }
  }
  const participants = [...(roster?.participants ?? [])].sort((a, b) =>
    a.joinedAt.localeCompare(b.joinedAt),
  );
  const named = participants.filter((p) => p.displayName.trim() !== '');
  const anonymous = participants.length - named.length;

  return (
    <section className="panel" aria-labelledby="people-heading">
      <h2 id="people-heading">{t('people.heading')}</h2>
      <p role="status" className="people-summary">
        {presence
          ? t('people.summary', { count: presence.joined, online: presence.online })
          : t('common.loading')}
      </p>
      <div className="table-wrap">
        <table className="table">
          <caption className="visually-hidden">{t('people.byGroup')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('people.group')}</th>
              <th scope="col" className="num">
                {t('people.joined')}
              </th>
              <th scope="col" className="num">
                {t('people.online')}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key}>
                <th scope="row">
                  <bdi>{r.name}</bdi>
                </th>
                <td className="num">{r.joined}</td>
                <td className="num">{r.online}</td>
              </tr>
            ))}
          </tbody>
          {presence ? (
            <tfoot>
              <tr>
                <th scope="row">{t('people.total')}</th>
                <td className="num">{presence.joined}</td>
                <td className="num">{presence.online}</td>
              </tr>
            </tfoot>
          ) : null}
        </table>
      </div>

      <h3>{t('people.names')}</h3>
      {named.length === 0 ? (
        <p className="muted">{t('people.noNames')}</p>
      ) : (
        <ul className="roster">
          {named.map((p) => (
            <li key={p.id}>
              <bdi className="roster-name">{p.displayName}</bdi>{' '}
              <span className="muted">({groupNameByKey(t, groups, p.groupKey)})</span>{' '}
              <span className={p.online ? 'presence presence-online' : 'presence presence-away'}>
                <span aria-hidden="true">{p.online ? '● ' : '○ '}</span>
                {p.online ? t('people.isOnline') : t('people.isAway')}
              </span>
            </li>
          ))}
        </ul>
      )}
      {anonymous > 0 ? (
        <p className="muted">{t('people.anonymous', { count: anonymous })}</p>
      ) : null}
    </section>
  );
}
