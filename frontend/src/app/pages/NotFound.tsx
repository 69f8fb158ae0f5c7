import { SearchX } from 'lucide-react';
import { Link, useLocation } from 'react-router';
import { useT } from '../../i18n';

export function NotFound() {
  const { t } = useT();
  const { pathname } = useLocation();
  return (
    <div className="state">
      <div className="state-icon" aria-hidden="true">
        <SearchX size={40} />
      </div>
      <h1 className="state-title">{t('notFound.title')}</h1>
      <p className="state-body">{t('notFound.body', { path: pathname })}</p>
      <Link to="/">{t('notFound.home')}</Link>
    </div>
  );
}
