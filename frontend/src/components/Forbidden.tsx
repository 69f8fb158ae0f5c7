import type { Role } from '@backend/contract';
import { ShieldAlert } from 'lucide-react';
import { Link } from 'react-router';
import { useT } from '../i18n';

export function Forbidden({ roles, role }: { roles: readonly Role[]; role: Role }) {
  const { t } = useT();
  const names = roles.map((r) => t(`roles.${r}`)).join(' / ');
  return (
    <div className="state state-error" role="alert">
      <div className="state-icon" aria-hidden="true">
        <ShieldAlert size={40} />
      </div>
      <h1 className="state-title">{t('forbidden.title')}</h1>
      <p className="state-body">{t('forbidden.body', { roles: names, role: t(`roles.${role}`) })}</p>
      <Link to="/">{t('notFound.home')}</Link>
    </div>
  );
}
