// A dialog that says what an action will do before it is done: its button, a title and a
// description, what the caller adds (fields, lists), and Cancel / confirm. The confirm runs the
// work; an error stays in the dialog, success closes it.
import { Dialog } from 'radix-ui';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ShownError } from '../lib/errors.js';
import { ErrorNote } from './ErrorNote.js';

interface ConfirmDialogProps {
  /** The button that opens it: its text, its accessible name when the text is not enough, its look. */
  open: string;
  openLabel?: string;
  openClassName?: string;
  disabled: boolean;
  title: string;
  description: string;
  confirm: string;
  canConfirm?: boolean;
  /** Called when the dialog opens, to start its fields afresh. */
  onOpen?: () => void;
  /** Does the work; resolves with the error to show, or null when done (the dialog closes). */
  onConfirm(): Promise<ShownError | null>;
  children?: ReactNode;
}

export function ConfirmDialog(props: ConfirmDialogProps) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);
  const [working, setWorking] = useState(false);
  const onOpenChange = (next: boolean) => {
    setOpen(next);
    setError(null);
    if (next) props.onOpen?.();
  };
  const confirm = () => {
    setWorking(true);
    props
      .onConfirm()
      .then((failure) => (failure ? setError(failure) : setOpen(false)))
      .finally(() => setWorking(false));
  };
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Trigger asChild>
        <button
          type="button"
          className={props.openClassName ?? 'btn btn-small'}
          disabled={props.disabled}
          aria-label={props.openLabel}
        >
          {props.open}
        </button>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog">
          <Dialog.Title>{props.title}</Dialog.Title>
          <Dialog.Description>{props.description}</Dialog.Description>
          {props.children}
          {error && <ErrorNote error={error} />}
          <div className="step-actions">
            <Dialog.Close asChild>
              <button type="button" className="btn">
                {t('common.cancel')}
              </button>
            </Dialog.Close>
            <button
              type="button"
              className="btn btn-danger"
              disabled={working || props.canConfirm === false}
              onClick={confirm}
            >
              {props.confirm}
            </button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
