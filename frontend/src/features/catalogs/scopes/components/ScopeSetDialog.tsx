// Create or edit one scope set of a control: rows of scope → value, typed by the scope definitions.
import type { Scope, ScopeSet } from '@backend/contract';
import { Plus, X } from 'lucide-react';
import { useState } from 'react';
import { Alert, Button, FormDialog, IconButton, Select, TextField, useApiForm } from '../../../../components';
import { useT } from '../../../../i18n';
import { scopesApi } from '../api';
import { rowsFromSet, setFromRows, type SetRow } from '../../../../lib/scopeSetValues';

export function ScopeSetDialog({
  controlId,
  set,
  scopes,
  onClose,
  onSaved,
}: {
  controlId: number;
  set?: ScopeSet | undefined;
  scopes: Scope[];
  onClose: () => void;
  onSaved: (set: ScopeSet, created: boolean) => void;
}) {
  const { t } = useT('scopes');
  const form = useApiForm();
  const [rows, setRows] = useState<SetRow[]>(() => {
    const r = rowsFromSet(set);
    return r.length ? r : scopes[0] ? [{ name: scopes[0].name, value: scopes[0].default }] : [];
  });
  const [rowErrors, setRowErrors] = useState<Record<number, string>>({});
  const byName = new Map(scopes.map((s) => [s.name, s]));

  const update = (i: number, patch: Partial<SetRow>) =>
    setRows((rs) => rs.map((r, j) => (j === i ? { ...r, ...patch } : r)));

  const submit = async () => {
    setRowErrors({});
    const parsed = setFromRows(rows, scopes);
    if (!parsed.ok) {
      const p = parsed.problem;
      setRowErrors({
        [p.index]: p.kind === 'duplicate' ? t('sets.duplicate') : t('sets.badNumber', { name: p.name }),
      });
      return;
    }
    const saved = set
      ? await scopesApi.updateSet(set.id, { scopes: parsed.scopes })
      : await scopesApi.createSet({ controlId, scopes: parsed.scopes });
    onSaved(saved, !set);
  };

  const addRow = () => {
    const unused = scopes.find((s) => !rows.some((r) => r.name === s.name));
    setRows((rs) => [...rs, { name: unused?.name ?? '', value: unused?.default ?? '' }]);
  };

  return (
    <FormDialog
      form={form}
      onSubmit={submit}
      onClose={onClose}
      size="lg"
      title={set ? t('sets.editTitle', { id: set.id }) : t('sets.createTitle')}
      submitLabel={set ? t('sets.save') : t('sets.create')}
    >
      {scopes.length === 0 && <Alert tone="info">{t('sets.noScopes')}</Alert>}
      {form.fieldError('scopes') && <Alert tone="danger">{form.fieldError('scopes')}</Alert>}
      {rows.length === 0 && <p className="field-hint">{t('sets.emptySet')}</p>}
      {rows.map((row, i) => {
        const def = byName.get(row.name);
        const options = scopes.map((s) => ({ value: s.name, label: s.name }));
        if (row.name && !def) options.push({ value: row.name, label: row.name });
        return (
          <div className="row-editor-row" key={i}>
            <Select
              label={t('sets.scope')}
              value={row.name}
              onChange={(e) => update(i, { name: e.target.value })}
              options={options}
              error={rowErrors[i]}
            />
            {def?.type === 'boolean' ? (
              <Select
                label={t('sets.value')}
                value={row.value === 'true' ? 'true' : 'false'}
                onChange={(e) => update(i, { value: e.target.value })}
                options={[
                  { value: 'true', label: t('common:yes') },
                  { value: 'false', label: t('common:no') },
                ]}
              />
            ) : (
              <TextField
                label={t('sets.value')}
                value={row.value}
                inputMode={def?.type === 'number' ? 'decimal' : undefined}
                onChange={(e) => update(i, { value: e.target.value })}
                error={form.fieldError(`scopes.${row.name}`)}
              />
            )}
            <IconButton
              aria-label={t('sets.removeValue', { name: row.name || i + 1 })}
              icon={<X size={16} />}
              onClick={() => setRows((rs) => rs.filter((_, j) => j !== i))}
            />
          </div>
        );
      })}
      {scopes.length > 0 && (
        <div>
          <Button size="sm" icon={<Plus size={16} aria-hidden="true" />} onClick={addRow}>
            {t('sets.addValue')}
          </Button>
        </div>
      )}
    </FormDialog>
  );
}
