// Which assistant answers. With none yet, a DEVELOPER or ADMIN can create one here; a USER is told
// to ask one of them.
import type { Assistant } from '@backend/contract';
import { useState } from 'react';
import { ApiError } from '../../../api';
import { Alert, Button, Form, Select, TextField, toast, useApiForm } from '../../../components';
import { useT } from '../../../i18n';
import { invalidate } from '../../../lib/useResource';
import { ASSISTANTS_KEY, assistantApi } from '../api';
import { isNotConfigured } from '../errors';

export function AssistantPicker({
  assistants,
  value,
  onChange,
  canCreate,
}: {
  assistants: Assistant[];
  value: string | null;
  onChange: (assistantId: string) => void;
  canCreate: boolean;
}) {
  const { t } = useT('assistant');
  const form = useApiForm();
  const [name, setName] = useState('STATUS helper');
  if (assistants.length === 0) {
    if (!canCreate) return <Alert tone="info">{t('noAssistant')}</Alert>;
    return (
      <Form
        form={form}
        className="assistant-create"
        onSubmit={async () => {
          const r = await assistantApi.createAssistant(name.trim()).catch((e: unknown) => {
            throw isNotConfigured(e) ? new ApiError((e as ApiError).status, t('notConfigured')) : e;
          });
          invalidate(ASSISTANTS_KEY);
          onChange(r.assistantId);
          toast.success(t('assistantCreated', { name: name.trim() }));
        }}
      >
        <p>{t('noAssistantYet')}</p>
        <TextField
          label={t('assistantName')}
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={form.fieldError('name')}
          required
          maxLength={100}
        />
        <div>
          <Button type="submit" variant="primary" loading={form.submitting}>
            {t('createAssistant')}
          </Button>
        </div>
      </Form>
    );
  }
  if (assistants.length === 1) return null;
  return (
    <Select
      label={t('assistant')}
      value={value ?? assistants[0]!.assistantId}
      onChange={(e) => onChange(e.target.value)}
      options={assistants.map((a) => ({ value: a.assistantId, label: a.name }))}
    />
  );
}
