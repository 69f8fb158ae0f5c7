// The two controls above most lists: the button that creates one more, and the filter box.
import { Plus } from 'lucide-react';
import { Button } from './Button';
import { TextField } from './Field';

/** The primary "New …" button of a list page. */
export function NewButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <Button variant="primary" icon={<Plus size={16} aria-hidden="true" />} onClick={onClick}>
      {label}
    </Button>
  );
}

/** A search box that narrows a loaded list, in the toolbar row above it. */
export function FilterBox({
  label,
  value,
  onChange,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <div className="toolbar">
      <TextField
        label={label}
        type="search"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        autoComplete="off"
      />
    </div>
  );
}
