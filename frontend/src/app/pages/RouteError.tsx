// The error boundary of the routes: a failed lazy chunk (after a deploy) or a render error.
import { isRouteErrorResponse, useRouteError } from 'react-router';
import { ErrorState } from '../../components';
import { useT } from '../../i18n';
import { NotFound } from './NotFound';

export function RouteError() {
  const error = useRouteError();
  const { t } = useT();
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFound />;
  const chunkFailed =
    error instanceof Error && /dynamically imported module|Importing a module script/i.test(error.message);
  return (
    <div className="route-error">
      <ErrorState
        error={chunkFailed ? new Error(t('error.chunk')) : error}
        onRetry={() => window.location.reload()}
      />
    </div>
  );
}
