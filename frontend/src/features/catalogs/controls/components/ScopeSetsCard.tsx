// The scope sets of a control: view, and for writers add / edit (the scopes feature's dialog) and
// delete with a confirmation naming the values.
import type { Scope, ScopeSet } from '@backend/contract';
import { Pencil, Plus, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { Button, Card, ConfirmDialog, IconButton, ResourceView, toast } from '../../../../components';
import { useT } from '../../../../i18n';
import { useResource, type Resource } from '../../../../lib/useResource';
import { SCOPES_KEY, scopesApi } from '../../scopes/api';
import { ScopeSetDialog } from '../../scopes/components/ScopeSetDialog';
import { summarize } from '../../../../lib/scopeSetValues';
import { scopeSetsApi } from '../api';

export function ScopeSetsCard({
  controlId,
  sets,
  canWrite,
}: {
  controlId: number;
  sets: Resource<ScopeSet[]>;
  canWrite: boolean;
}) {
  const { t } = useT('controls');
  const scopes = useResource<Scope[]>(canWrite ? SCOPES_KEY : null, (s) => scopesApi.list(s));
  const [editing, setEditing] = useState<ScopeSet | 'new' | null>(null);
  const [deleting, setDeleting] = useState<ScopeSet | null>(null);
  const number = (s: ScopeSet) => (sets.data ?? []).indexOf(s) + 1;

  return (
    <Card
      title={t('scopeSets.title')}
      actions={
        canWrite && (
          <Button size="sm" icon={<Plus size={16} />} onClick={() => setEditing('new')}>
            {t('scopeSets.add')}
          </Button>
        )
      }
    >
      <ResourceView resource={sets} empty={<p className="muted">{t('scopeSets.empty')}</p>}>
        {(rows) => (
          <ul className="plain-list" aria-label={t('scopeSets.title')}>
            {rows.map((s, i) => (
              <li key={s.id}>
                <span>
                  <strong>{t('scopeSets.set', { n: i + 1 })}:</strong> {summarize(s.scopes) || '—'}
                </span>
                {canWrite && (
                  <span className="row-actions">
                    <IconButton
                      size="sm"
                      aria-label={t('scopeSets.edit', { n: i + 1 })}
                      icon={<Pencil size={16} />}
                      onClick={() => setEditing(s)}
                    />
                    <IconButton
                      size="sm"
                      aria-label={t('scopeSets.remove', { n: i + 1 })}
                      icon={<Trash2 size={16} />}
                      onClick={() => setDeleting(s)}
                    />
                  </span>
                )}
              </li>
            ))}
          </ul>
        )}
      </ResourceView>
      {editing !== null && (
        <ScopeSetDialog
          controlId={controlId}
          set={editing === 'new' ? undefined : editing}
          scopes={scopes.data ?? []}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            toast.success(t('scopeSets.saved'));
            void sets.reload();
          }}
        />
      )}
      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(o) => !o && setDeleting(null)}
        title={t('scopeSets.removeTitle', { n: deleting ? number(deleting) : '' })}
        body={t('scopeSets.removeBody', { scopes: deleting ? summarize(deleting.scopes) || '—' : '' })}
        onConfirm={async () => {
          if (!deleting) return;
          await scopeSetsApi.remove(deleting.id);
          void sets.reload();
        }}
      />
    </Card>
  );
}
