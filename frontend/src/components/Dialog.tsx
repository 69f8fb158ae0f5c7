import { Dialog as RDialog } from 'radix-ui';
import { X } from 'lucide-react';
import { useState, type ReactNode } from 'react';
import { useT } from '../i18n';
import { Button, IconButton } from './Button';

export interface DialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: ReactNode;
  description?: ReactNode;
  children?: ReactNode;
  /** Buttons at the bottom (right-aligned). */
  footer?: ReactNode;
  size?: 'sm' | 'md' | 'lg';
}

/** A modal dialog (Radix: focus trap, Escape, labelled by its title). */
export function Dialog({
  open,
  onOpenChange,
  title,
  description,
  children,
  footer,
  size = 'md',
}: DialogProps) {
  const { t } = useT();
  return (
    <RDialog.Root open={open} onOpenChange={onOpenChange}>
      <RDialog.Portal>
        <RDialog.Overlay className="dialog-overlay" />
        <RDialog.Content
          className={`dialog dialog-${size}`}
          aria-describedby={description ? undefined : undefined}
        >
          <div className="dialog-header">
            <RDialog.Title className="dialog-title">{title}</RDialog.Title>
            <RDialog.Close asChild>
              <IconButton aria-label={t('close')} icon={<X size={18} />} />
            </RDialog.Close>
          </div>
          {description ? (
            <RDialog.Description className="dialog-description">{description}</RDialog.Description>
          ) : (
            <RDialog.Description className="visually-hidden">{title}</RDialog.Description>
          )}
          {children && <div className="dialog-body">{children}</div>}
          {footer && <div className="dialog-footer">{footer}</div>}
        </RDialog.Content>
      </RDialog.Portal>
    </RDialog.Root>
  );
}

export interface ConfirmDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** What is deleted, by name: "Delete catalog “ISO 27001”?" */
  title: ReactNode;
  body: ReactNode;
  confirmLabel?: string;
  destructive?: boolean;
  /** May throw: the message shows in the dialog and it stays open. */
  onConfirm: () => Promise<unknown> | void;
}

/** Asks before an action; destructive actions get a red button. Closes when onConfirm resolves. */
export function ConfirmDialog({
  open,
  onOpenChange,
  title,
  body,
  confirmLabel,
  destructive = true,
  onConfirm,
}: ConfirmDialogProps) {
  const { t } = useT();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const confirm = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await onConfirm();
      onOpenChange(false);
    } catch (e) {
      setError(e instanceof Error ? e.message : t('error.unexpected'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        if (!busy) {
          setError(undefined);
          onOpenChange(o);
        }
      }}
      title={title}
      size="sm"
      footer={
        <>
          <Button onClick={() => onOpenChange(false)} disabled={busy}>
            {t('cancel')}
          </Button>
          <Button variant={destructive ? 'danger' : 'primary'} onClick={() => void confirm()} loading={busy}>
            {confirmLabel ?? (destructive ? t('delete') : t('confirm'))}
          </Button>
        </>
      }
    >
      <p>{body}</p>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </Dialog>
  );
}
