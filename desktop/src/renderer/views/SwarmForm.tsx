// Deploying the platform to the Docker Swarm this engine manages: what changes on a Swarm, the
// reverse proxy's routing, then the deployment as a task (its phases, notes and outcome show in
// the progress panel).
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useConsole } from '../stores/console.js';
import type { SwarmRequest } from '../types.js';

type Routing = NonNullable<SwarmRequest['routing']>;

export function SwarmForm() {
  const { t } = useTranslation();
  const { api, tasks } = useConsole();
  const [routing, setRouting] = useState<Routing>('host');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void tasks.getState().run(() => api.deploySwarm({ routing }));
  };
  return (
    <form onSubmit={submit}>
      <p className="small muted">{t('swarm.explain')}</p>
      <fieldset>
        <legend>{t('swarm.routing')}</legend>
        {(['host', 'mesh'] as const).map((choice) => (
          <label key={choice} className="check">
            <input
              type="radio"
              name="swarm-routing"
              checked={routing === choice}
              onChange={() => setRouting(choice)}
            />
            {t(`swarm.routings.${choice}`)}
          </label>
        ))}
      </fieldset>
      <div className="step-actions">
        <button type="submit" className="btn btn-primary">
          {t('swarm.deploy')}
        </button>
      </div>
    </form>
  );
}
