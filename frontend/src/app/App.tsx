import { useEffect, useMemo } from 'react';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { configureApi } from '../api';
import { appRoutes } from './routes';
import { useSession } from '../lib/session';

/** When a refresh fails the session is over: clearing it makes RequireAuth send the user to
 *  /sign-in?next=<this page>. */
configureApi({ onAuthLost: () => useSession.getState().clear() });

export function App() {
  const router = useMemo(() => createBrowserRouter(appRoutes), []);
  const load = useSession((s) => s.load);
  useEffect(() => {
    void load();
  }, [load]);
  return <RouterProvider router={router} />;
}
