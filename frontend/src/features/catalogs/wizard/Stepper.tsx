// The wizard's step list: the current step is marked (aria-current="step"); earlier and later steps
// are buttons once the draft exists (it is saved at every step, so jumping loses nothing).
import { clsx } from 'clsx';
import { useT } from '../../../i18n';
import { STEPS, type Step } from './steps';

export function Stepper({ current, onSelect }: { current: Step; onSelect?: (s: Step) => void }) {
  const { t } = useT('catalogs');
  return (
    <nav aria-label={t('wizard.steps')} className="stepper">
      <ol>
        {STEPS.map((s, i) => {
          const label = `${i + 1}. ${t(`wizard.step.${s}`)}`;
          const active = s === current;
          return (
            <li key={s} className={clsx('stepper__step', active && 'stepper__step--active')}>
              {onSelect && !active ? (
                <button type="button" className="stepper__button" onClick={() => onSelect(s)}>
                  {label}
                </button>
              ) : (
                <span aria-current={active ? 'step' : undefined}>{label}</span>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
