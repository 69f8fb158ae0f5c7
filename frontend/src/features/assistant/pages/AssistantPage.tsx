// /assistant and /assistant/:threadId: the user's conversations with the AI assistant. The first
// message creates a thread; every message starts a run at OpenAI (through the backend) and the
// page polls until the answer is there.
import { Pencil, Plus, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../../../api';
import {
  Alert,
  Button,
  ConfirmDialog,
  Dialog,
  ErrorState,
  Form,
  IconButton,
  PageHeader,
  Skeleton,
  TextField,
  toast,
  useApiForm,
} from '../../../components';
import { hasRole, useSession } from '../../../lib/session';
import { registerMessages, useT } from '../../../i18n';
import { invalidate, useResource } from '../../../lib/useResource';
import { ASSISTANTS_KEY, THREADS_KEY, assistantApi, threadKey } from '../api';
import { AssistantPicker } from '../components/AssistantPicker';
import { Composer } from '../components/Composer';
import { MessageList } from '../components/MessageList';
import { ThreadList } from '../components/ThreadList';
import { friendlyError, isNotConfigured } from '../errors';
import { messages } from '../messages';
import { useAssistantChoice } from '../store';
import { isFinalRunStatus } from '../thread';
import { useThread } from '../useThread';
import '../assistant.css';

registerMessages('assistant', messages);

export function Component() {
  const { t } = useT('assistant');
  const { threadId } = useParams();
  const navigate = useNavigate();
  const canCreate = useSession((s) => hasRole(s.user, ['ADMIN', 'DEVELOPER']));
  const threads = useResource(THREADS_KEY, (signal) => assistantApi.threads(signal));
  const assistants = useResource(ASSISTANTS_KEY, (signal) => assistantApi.assistants(signal));
  const chosen = useAssistantChoice((s) => s.assistantId);
  const choose = useAssistantChoice((s) => s.choose);
  const assistantId =
    assistants.data?.find((a) => a.assistantId === chosen)?.assistantId ??
    assistants.data?.[0]?.assistantId ??
    null;
  const current = threads.data?.find((th) => th.gptId === threadId);

  /** Rethrows a not-configured error in words that say what to do (the composer shows it). */
  const explain = (e: unknown): never => {
    if (isNotConfigured(e)) throw new ApiError((e as ApiError).status, t('notConfigured'));
    throw e;
  };

  const startThread = async (content: string) => {
    if (!assistantId) return;
    const created = await assistantApi.createThread({ assistantId, content }).catch(explain);
    invalidate(THREADS_KEY);
    toast.success(t('created'));
    await navigate(`/assistant/${encodeURIComponent(created.id)}`);
  };

  const side = (
    <aside className="assistant-side" aria-label={t('threads')}>
      <div className="assistant-side-header">
        <h2>{t('threads')}</h2>
        <Link to="/assistant" className="btn btn-secondary btn-sm">
          <Plus size={14} aria-hidden="true" />
          {t('newThread')}
        </Link>
      </div>
      <ThreadList threads={threads} />
    </aside>
  );

  let picker;
  if (assistants.error !== undefined && !assistants.data)
    picker = (
      <ErrorState
        title={t('assistantsError')}
        error={friendlyError(assistants.error, t('notConfigured'))}
        onRetry={() => void assistants.reload()}
      />
    );
  else if (!assistants.data) picker = <Skeleton lines={1} />;
  else
    picker = (
      <AssistantPicker
        assistants={assistants.data}
        value={assistantId}
        onChange={choose}
        canCreate={canCreate}
      />
    );

  return (
    <>
      <PageHeader title={t('title')} description={t('subtitle')} />
      <div className="assistant-layout">
        {side}
        <section className="assistant-main" aria-label={current?.name ?? t('newThread')}>
          {picker}
          {assistants.data?.length === 0 ? null : threadId ? (
            <ThreadView
              key={threadId}
              gptId={threadId}
              name={current?.name}
              assistantId={assistantId}
              explain={explain}
              onDeleted={() => void navigate('/assistant')}
            />
          ) : (
            <>
              <h2 className="assistant-title">{t('newThread')}</h2>
              <p className="field-hint">{t('startHint')}</p>
              <Composer onSend={startThread} disabled={!assistantId} />
            </>
          )}
        </section>
      </div>
    </>
  );
}

function ThreadView({
  gptId,
  name,
  assistantId,
  explain,
  onDeleted,
}: {
  gptId: string;
  name: string | undefined;
  assistantId: string | null;
  explain: (e: unknown) => never;
  onDeleted: () => void;
}) {
  const { t } = useT('assistant');
  const thread = useThread(gptId);
  const [pending, setPending] = useState<{ text: string; sending: boolean; sentAt: number }>();
  const [renaming, setRenaming] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const view = thread.data;
  const title = name ?? t('title');

  const send = async (content: string) => {
    if (!assistantId) return;
    setPending({ text: content, sending: true, sentAt: 0 });
    try {
      await assistantApi.send(gptId, { assistantId, content }).catch(explain);
    } catch (e) {
      setPending(undefined);
      throw e;
    }
    setPending({ text: content, sending: false, sentAt: Date.now() });
    invalidate(threadKey(gptId));
    invalidate(THREADS_KEY);
  };

  // The pending message stays until an answer asked for after the send shows the thread again.
  const pendingShown =
    pending &&
    !(view && view.state.kind === 'messages' && pending.sentAt > 0 && view.requestedAt >= pending.sentAt)
      ? pending
      : undefined;

  let status: { text: string; busy: boolean } | undefined;
  if (view?.state.kind === 'running') {
    const s = view.state.status;
    if (isFinalRunStatus(s)) status = { text: t('runEnded', { status: s }), busy: false };
    else if (thread.polling) status = { text: t('thinking', { status: s }), busy: true };
    else status = { text: t('stillRunning'), busy: false };
  } else if (pendingShown && !pendingShown.sending)
    status = { text: t('thinking', { status: 'queued' }), busy: true };

  let body;
  if (thread.error !== undefined && !view)
    body = (
      <ErrorState
        title={t('threadError')}
        error={friendlyError(thread.error, t('notConfigured'))}
        onRetry={() => void thread.reload()}
      />
    );
  else if (!view) body = <Skeleton lines={4} />;
  else
    body = (
      <>
        {view.messages.length === 0 && !pendingShown && !status && (
          <p className="field-hint">{t('emptyThread')}</p>
        )}
        <MessageList messages={view.messages} pending={pendingShown} status={status} />
        {status && !thread.polling && view.state.kind === 'running' && (
          <Button size="sm" onClick={() => void thread.reload()}>
            {t('reload')}
          </Button>
        )}
        {thread.error !== undefined && (
          <Alert tone="danger">{(friendlyError(thread.error, t('notConfigured')) as Error).message}</Alert>
        )}
      </>
    );

  return (
    <>
      <div className="assistant-thread-header">
        <h2 className="assistant-title">{title}</h2>
        <IconButton aria-label={t('rename')} icon={<Pencil size={16} />} onClick={() => setRenaming(true)} />
        <IconButton
          aria-label={t('delete', { name: title })}
          icon={<Trash2 size={16} />}
          onClick={() => setDeleting(true)}
        />
      </div>
      {body}
      <Composer onSend={send} disabled={!assistantId || thread.polling} />
      {renaming && <RenameDialog gptId={gptId} name={name ?? ''} onClose={() => setRenaming(false)} />}
      {deleting && (
        <ConfirmDialog
          open
          onOpenChange={setDeleting}
          title={t('deleteTitle')}
          body={t('deleteBody', { name: title })}
          onConfirm={async () => {
            await assistantApi.remove(gptId);
            invalidate(THREADS_KEY);
            toast.success(t('deleted'));
            onDeleted();
          }}
        />
      )}
    </>
  );
}

function RenameDialog({ gptId, name, onClose }: { gptId: string; name: string; onClose: () => void }) {
  const { t } = useT('assistant');
  const form = useApiForm();
  const [value, setValue] = useState(name);
  return (
    <Dialog
      open
      onOpenChange={(o) => !o && onClose()}
      title={t('rename')}
      footer={
        <>
          <Button onClick={onClose} disabled={form.submitting}>
            {t('common:cancel')}
          </Button>
          <Button type="submit" form="rename-thread-form" variant="primary" loading={form.submitting}>
            {t('common:save')}
          </Button>
        </>
      }
    >
      <Form
        form={form}
        id="rename-thread-form"
        onSubmit={async () => {
          await assistantApi.rename(gptId, value.trim());
          invalidate(THREADS_KEY);
          toast.success(t('renamed'));
          onClose();
        }}
      >
        <TextField
          label={t('name')}
          value={value}
          onChange={(e) => setValue(e.target.value)}
          error={form.fieldError('name')}
          required
          maxLength={100}
        />
      </Form>
    </Dialog>
  );
}
