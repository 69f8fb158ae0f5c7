// One STATUS Desktop per user: a second launch hands over to the first (which comes to the front)
// and exits, so two launchers never drive the same platform at once.
import { app } from 'electron';

/**
 * Takes the single-instance lock. Returns false (and quits) when another instance holds it;
 * otherwise calls `focus` whenever someone launches the app again.
 */
export function claimSingleInstance(focus: () => void): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', () => focus());
  return true;
}
