// The one time a secret's value is shown: right after it was created. Closing forgets it (the
// parent drops the value); the backend never returns it again.
import { Copy } from 'lucide-react';
import { useState } from 'react';
import { Alert, Button, Dialog, TextField } from '../../../components';
import { useT } from '../../../i18n';

export function SecretRevealDialog({
  secret,
  onClose,
}: {
  secret: { name: string; value: string } | null;
  onClose: () => void;
}) {
  const { t } = useT('secrets');
  const [copy, setCopy] = useState<'idle' | 'done' | 'failed'>('idle');
  const close = () => {
    setCopy('idle');
    onClose();
  };
  const copyValue = async () => {
    try {
      await navigator.clipboard.writeText(secret?.value ?? '');
      setCopy('done');
    } catch {
      setCopy('failed');
    }
  };
  return (
    <Dialog
      open={secret !== null}
      onOpenChange={(o) => !o && close()}
      title={t('revealTitle', { name: secret?.name ?? '' })}
      footer={
        <Button variant="primary" onClick={close}>
          {t('revealDone')}
        </Button>
      }
    >
      <Alert tone="warning">{t('revealWarning')}</Alert>
      <TextField
        label={t('revealLabel')}
        value={secret?.value ?? ''}
        readOnly
        className="secret-value"
        onFocus={(e) => e.currentTarget.select()}
      />
      <Button icon={<Copy size={16} aria-hidden="true" />} onClick={() => void copyValue()}>
        {t('copy')}
      </Button>
      {copy === 'done' && <p role="status">{t('copied')}</p>}
      {copy === 'failed' && <p role="alert">{t('copyFailed')}</p>}
    </Dialog>
  );
}
