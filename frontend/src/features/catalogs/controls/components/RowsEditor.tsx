// Name/value rows (control params, scope set values): keyboard-usable add and remove buttons, each
// input labelled with its row number so screen readers and tests can tell rows apart.
import { Plus, Trash2 } from 'lucide-react';
import { useId } from 'react';
import { Button, IconButton } from '../../../../components';
import type { ParamRow } from '../params';

export interface RowsEditorLabels {
  legend: string;
  hint?: string;
  name: (n: number) => string;
  value: (n: number) => string;
  add: string;
  remove: (n: number) => string;
}

export function RowsEditor({
  rows,
  onChange,
  labels,
  error,
  suggestions,
}: {
  rows: ParamRow[];
  onChange: (rows: ParamRow[]) => void;
  labels: RowsEditorLabels;
  error?: string | undefined;
  /** Names offered while typing (a datalist), e.g. the known scopes. */
  suggestions?: readonly string[];
}) {
  const id = useId();
  const set = (i: number, patch: Partial<ParamRow>) =>
    onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <fieldset
      className="row-editor"
      aria-describedby={error ? `${id}-error` : labels.hint ? `${id}-hint` : undefined}
    >
      <legend className="field-label">{labels.legend}</legend>
      {labels.hint && (
        <p id={`${id}-hint`} className="field-hint">
          {labels.hint}
        </p>
      )}
      {suggestions && suggestions.length > 0 && (
        <datalist id={`${id}-names`}>
          {suggestions.map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
      )}
      {rows.map((r, i) => (
        <div className="row-editor-row" key={i}>
          <input
            className="input"
            aria-label={labels.name(i + 1)}
            value={r.key}
            list={suggestions?.length ? `${id}-names` : undefined}
            onChange={(e) => set(i, { key: e.target.value })}
          />
          <input
            className="input"
            aria-label={labels.value(i + 1)}
            value={r.value}
            onChange={(e) => set(i, { value: e.target.value })}
          />
          <IconButton
            aria-label={labels.remove(i + 1)}
            icon={<Trash2 size={16} />}
            onClick={() => onChange(rows.filter((_, j) => j !== i))}
          />
        </div>
      ))}
      <div>
        <Button
          size="sm"
          icon={<Plus size={16} />}
          onClick={() => onChange([...rows, { key: '', value: '' }])}
        >
          {labels.add}
        </Button>
      </div>
      {error && (
        <p id={`${id}-error`} className="field-error" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}
