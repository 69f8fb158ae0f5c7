// Previous / next over a list in pages of `limit`, with "21–40 of 95" between. The same props serve
// a table paged in the browser and a list paged by the server (`?limit=&offset=`, X-Total-Count).
import { ChevronLeft, ChevronRight } from 'lucide-react';
import { useT } from '../i18n';
import { IconButton } from './Button';

export interface PagerProps {
  offset: number;
  limit: number;
  total: number;
  onOffset: (offset: number) => void;
}

export function Pager({ offset, limit, total, onOffset }: PagerProps) {
  const { t } = useT();
  const last = Math.min(offset + limit, total);
  return (
    <nav className="pager" aria-label={t('table.pages')}>
      <IconButton
        aria-label={t('table.prev')}
        icon={<ChevronLeft size={16} />}
        disabled={offset <= 0}
        onClick={() => onOffset(Math.max(0, offset - limit))}
      />
      <span className="pager-range" aria-live="polite">
        {t('table.range', { from: total === 0 ? 0 : offset + 1, to: last, total })}
      </span>
      <IconButton
        aria-label={t('table.next')}
        icon={<ChevronRight size={16} />}
        disabled={last >= total}
        onClick={() => onOffset(offset + limit)}
      />
    </nav>
  );
}
