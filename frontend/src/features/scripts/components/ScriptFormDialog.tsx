// Create or edit a script: a name and description (kept in its metadata) and the code, which the
// backend requires to define module.exports.main. "Check code" asks POST /scripts/parse first.
import type { Script } from '@backend/contract';
import { useState } from 'react';
import { Alert, Button, FormDialog, TextArea, TextField, useApiForm } from '../../../components';
import { isApiError } from '../../../api';
import { useT } from '../../../i18n';
import { scriptsApi } from '../api';
import { scriptName } from '../scriptMeta';

export function ScriptFormDialog({
  script,
  onClose,
  onSaved,
}: {
  script?: Script | undefined;
  onClose: () => void;
  onSaved: (name: string, created: boolean) => void;
}) {
  const { t } = useT('scripts');
  const form = useApiForm();
  const meta = script?.metadata ?? {};
  const [name, setName] = useState(scriptName(script) ?? '');
  const [description, setDescription] = useState(
    typeof meta.description === 'string' ? meta.description : '',
  );
  const [code, setCode] = useState(script?.code ?? t('template'));
  const [check, setCheck] = useState<
    { state: 'idle' | 'checking' | 'ok' } | { state: 'error'; message: string }
  >({
    state: 'idle',
  });

  const checkCode = async () => {
    setCheck({ state: 'checking' });
    try {
      await scriptsApi.parse(code);
      setCheck({ state: 'ok' });
    } catch (e) {
      const fields = isApiError(e) ? Object.values(e.fieldErrors ?? {}) : [];
      setCheck({ state: 'error', message: fields[0] ?? (e instanceof Error ? e.message : String(e)) });
    }
  };

  const submit = async () => {
    const metadata = { ...meta, name: name.trim(), description: description.trim() };
    if (script) await scriptsApi.update(script.id, { code, metadata });
    else await scriptsApi.create({ code, metadata });
    onSaved(name.trim() || t('untitled'), !script);
  };

  return (
    <FormDialog
      form={form}
      onSubmit={submit}
      onClose={onClose}
      size="lg"
      title={script ? t('editTitle', { name: scriptName(script) ?? t('untitled') }) : t('createTitle')}
      submitLabel={script ? t('save') : t('create')}
      extraButtons={
        <Button onClick={() => void checkCode()} loading={check.state === 'checking'}>
          {t('validate')}
        </Button>
      }
    >
      <TextField
        label={t('field.name')}
        value={name}
        onChange={(e) => setName(e.target.value)}
        error={form.fieldError('metadata')}
        maxLength={200}
        autoComplete="off"
      />
      <TextField
        label={t('field.description')}
        value={description}
        onChange={(e) => setDescription(e.target.value)}
        maxLength={1000}
        autoComplete="off"
      />
      <TextArea
        label={t('field.code')}
        hint={t('field.codeHint')}
        value={code}
        onChange={(e) => {
          setCode(e.target.value);
          setCheck({ state: 'idle' });
        }}
        error={form.fieldError('code') ?? (check.state === 'error' ? check.message : undefined)}
        rows={14}
        spellCheck={false}
        className="code-input"
        required
      />
      {check.state === 'ok' && <Alert tone="success">{t('valid')}</Alert>}
    </FormDialog>
  );
}
