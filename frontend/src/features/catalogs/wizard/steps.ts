// The wizard's steps, in order. The current step lives in the URL (`?step=`), the data on the
// server, so a draft can be resumed from any browser at /catalogs/:id/wizard.
export const STEPS = ['catalog', 'controls', 'dashboard', 'finalize'] as const;
export type Step = (typeof STEPS)[number];

export function parseStep(v: string | null, fallback: Step = 'controls'): Step {
  return (STEPS as readonly string[]).includes(v ?? '') ? (v as Step) : fallback;
}
