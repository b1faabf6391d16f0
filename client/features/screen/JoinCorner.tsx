import { useTranslation } from '../../i18n/useTranslation.ts';
import { formatJoinCode } from '../../../shared/domain/joinCode.ts';
import { joinApi } from '../../../shared/http/joinRoutes.ts';
import { urlOf } from '../../../shared/http/route.ts';

type Props = { code: string; url: string; shownUrl: string; className?: string };

/**
 * The QR code, address and join code in a corner of every projector screen, so someone who
 * arrives late can join during the board, the café or the results (HALL3).
 */
export function JoinCorner({ code, url, shownUrl, className }: Props) {
  const { t } = useTranslation();
  return (
    <div className={['screen-corner', className ?? ''].join(' ').trim()} data-testid="join-corner">
      <img
        className="screen-corner-qr"
        src={urlOf(joinApi.qr, { code })}
        alt={t('console.qrAlt', { code: formatJoinCode(code) })}
      />
      <p className="screen-corner-text">
        <span className="screen-corner-join">{t('screenBoard.joinAt')}</span>{' '}
        <a href={url} dir="ltr">
          {shownUrl}
        </a>
        <br />
        <span>{t('screen.codeLabel')}</span>{' '}
        <span className="screen-corner-code" data-testid="join-code" dir="ltr">
          {formatJoinCode(code)}
        </span>
      </p>
    </div>
  );
}
