// The create/edit dialog of a resource: a Form wired to an ApiForm (the backend's field errors under
// the fields, its message on top) with Cancel and the submit button in the dialog's footer.
import { useId, type ReactNode } from 'react';
import { useT } from '../i18n';
import { Button } from './Button';
import { Dialog, type DialogProps } from './Dialog';
import { Form, type ApiForm } from './Form';

export interface FormDialogProps extends Pick<DialogProps, 'title' | 'description' | 'size'> {
  form: ApiForm;
  onSubmit: () => Promise<unknown>;
  /** Closing (Cancel, Escape, the X) while nothing is being submitted. */
  onClose: () => void;
  submitLabel: ReactNode;
  /** For a dialog kept mounted (default: open while rendered). */
  open?: boolean;
  submitDisabled?: boolean;
  /** Buttons before Cancel (e.g. "Check code"). */
  extraButtons?: ReactNode;
  /** The form's accessible name (default: none; the dialog's title names the dialog). */
  label?: string;
  children: ReactNode;
}

export function FormDialog({
  form,
  onSubmit,
  onClose,
  submitLabel,
  open = true,
  submitDisabled,
  extraButtons,
  label,
  children,
  ...dialog
}: FormDialogProps) {
  const { t } = useT();
  const formId = useId();
  return (
    <Dialog
      {...dialog}
      open={open}
      onOpenChange={(o) => {
        if (o) return;
        form.clear();
        onClose();
      }}
      footer={
        <>
          {extraButtons}
          <Button onClick={onClose} disabled={form.submitting}>
            {t('cancel')}
          </Button>
          <Button
            type="submit"
            form={formId}
            variant="primary"
            loading={form.submitting}
            disabled={submitDisabled}
          >
            {submitLabel}
          </Button>
        </>
      }
    >
      <Form form={form} onSubmit={onSubmit} id={formId} aria-label={label}>
        {children}
      </Form>
    </Dialog>
  );
}
