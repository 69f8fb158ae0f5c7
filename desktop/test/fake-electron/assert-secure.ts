// The security settings every window and view of the app must have (Electron's checklist).
import { expect } from 'vitest';

export function expectSecureWebPreferences(prefs: Record<string, unknown> | undefined): void {
  expect(prefs, 'webPreferences are set').toBeDefined();
  expect(prefs!.sandbox).toBe(true);
  expect(prefs!.contextIsolation).toBe(true);
  expect(prefs!.nodeIntegration).toBe(false);
  expect(prefs!.nodeIntegrationInSubFrames).toBe(false);
  expect(prefs!.nodeIntegrationInWorker).toBe(false);
  expect(prefs!.webSecurity).not.toBe(false);
  expect(prefs!.allowRunningInsecureContent).not.toBe(true);
  expect(prefs!.experimentalFeatures).not.toBe(true);
  expect(prefs!.enableBlinkFeatures).toBeUndefined();
  expect(prefs!.webviewTag).not.toBe(true);
}
