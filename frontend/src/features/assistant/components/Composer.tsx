// The message box. Checks the backend's length rule first, then sends; while sending the box and
// the button are disabled and the button says so.
import { Send } from 'lucide-react';
import { useState } from 'react';
import { Button, Form, TextArea, useApiForm } from '../../../components';
import { useT } from '../../../i18n';
import { isDetailedEnough } from '../thread';

export function Composer({
  onSend,
  disabled,
}: {
  onSend: (content: string) => Promise<void>;
  disabled?: boolean;
}) {
  const { t } = useT('assistant');
  const form = useApiForm();
  const [content, setContent] = useState('');
  const submit = async () => {
    if (!isDetailedEnough(content)) {
      form.setFieldErrors({ content: t('tooShort') });
      return;
    }
    await onSend(content.trim());
    setContent('');
  };
  return (
    <Form form={form} onSubmit={submit} className="assistant-composer">
      <TextArea
        label={t('message')}
        placeholder={t('messagePlaceholder')}
        value={content}
        onChange={(e) => setContent(e.target.value)}
        onKeyDown={(e) => {
          // Ctrl/⌘+Enter sends, Enter alone makes a new line.
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            e.currentTarget.form?.requestSubmit();
          }
        }}
        error={form.fieldError('content')}
        rows={3}
        disabled={form.submitting || disabled}
        maxLength={32_768}
      />
      <div className="assistant-composer-actions">
        <Button
          type="submit"
          variant="primary"
          loading={form.submitting}
          disabled={disabled}
          icon={<Send size={16} aria-hidden="true" />}
        >
          {form.submitting ? t('sending') : t('send')}
        </Button>
      </div>
    </Form>
  );
}
