// Toasts: announced politely, dismissable, gone by themselves after a while.
import { X } from 'lucide-react';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { IconButton } from './IconButton.js';
import { useConsole, useConsoleStore } from '../stores/console.js';
import type { Toast } from '../stores/toasts.js';

const LIFETIME_MS = 8000;

export function Toasts() {
  const { t } = useTranslation();
  const toasts = useConsoleStore('toasts', (s) => s.toasts);
  return (
    <div className="toasts" role="region" aria-label={t('toast.region')} aria-live="polite">
      {toasts.map((toast) => (
        <ToastItem key={toast.id} toast={toast} />
      ))}
    </div>
  );
}

function ToastItem({ toast }: { toast: Toast }) {
  const { t } = useTranslation();
  const { toasts } = useConsole();
  useEffect(() => {
    const timer = setTimeout(() => toasts.getState().dismiss(toast.id), LIFETIME_MS);
    return () => clearTimeout(timer);
  }, [toasts, toast.id]);
  return (
    <div className={`toast toast-${toast.kind}`} role={toast.kind === 'error' ? 'alert' : 'status'}>
      <span>{t(toast.key, toast.values)}</span>
      <IconButton label={t('common.dismiss')} onClick={() => toasts.getState().dismiss(toast.id)}>
        <X size={14} aria-hidden />
      </IconButton>
    </div>
  );
}
