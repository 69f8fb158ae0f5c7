// One toaster for the app: toast.success('Saved') from anywhere (no hook needed).
import { Toast as RToast } from 'radix-ui';
import { X } from 'lucide-react';
import { create } from 'zustand';
import { useT } from '../i18n';
import type { Tone } from './Alert';

interface ToastItem {
  id: number;
  tone: Tone;
  message: string;
}
interface ToastState {
  items: ToastItem[];
  push: (tone: Tone, message: string) => void;
  remove: (id: number) => void;
}

let nextId = 1;
export const useToasts = create<ToastState>((set) => ({
  items: [],
  push: (tone, message) => set((s) => ({ items: [...s.items.slice(-4), { id: nextId++, tone, message }] })),
  remove: (id) => set((s) => ({ items: s.items.filter((i) => i.id !== id) })),
}));

export const toast = {
  info: (m: string) => useToasts.getState().push('info', m),
  success: (m: string) => useToasts.getState().push('success', m),
  warning: (m: string) => useToasts.getState().push('warning', m),
  error: (m: string) => useToasts.getState().push('danger', m),
};

/** Mounted once by the app shell. */
export function Toaster() {
  const { t } = useT();
  const items = useToasts((s) => s.items);
  const remove = useToasts((s) => s.remove);
  return (
    <RToast.Provider swipeDirection="right" duration={5000}>
      {items.map((i) => (
        <RToast.Root
          key={i.id}
          className={`toast toast-${i.tone}`}
          type={i.tone === 'danger' ? 'foreground' : 'background'}
          duration={i.tone === 'danger' ? 10000 : 5000}
          onOpenChange={(open) => !open && remove(i.id)}
        >
          <RToast.Description className="toast-message">{i.message}</RToast.Description>
          <RToast.Close className="toast-close" aria-label={t('close')}>
            <X size={16} aria-hidden="true" />
          </RToast.Close>
        </RToast.Root>
      ))}
      <RToast.Viewport className="toast-viewport" />
    </RToast.Provider>
  );
}
