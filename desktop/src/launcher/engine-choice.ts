// Settings → Engine: the engines this computer knows (the Docker CLI's contexts), a test of a
// candidate before it is chosen, and the switch itself: saved, then the launcher connects to it
// (status, tasks and logs follow). The platform keeps running where it was: the switch only
// changes which engine the console drives.
import os from 'node:os';
import type * as Api from '../api/contract.js';
import { launcherError } from '../api/to-api-error.js';
import { testEngine, type EngineTestResult } from '../engine/discovery/chosen.js';
import { dockerConfigDir, listContexts } from '../engine/discovery/contexts.js';
import { StatusError } from '../engine/errors.js';
import { engineChoiceName, type EngineChoice } from '../engine/settings/engine-choice.js';
import type { SettingsStore } from '../engine/settings/index.js';
import type { DrivenEngineInfo } from '../engine/status/model.js';

export interface EngineChooserOptions {
  store: SettingsStore;
  env: NodeJS.ProcessEnv;
  /** Where ~/.docker and ~/.ssh are (default: the user's home). */
  homeDir?: string;
  /** The engine connected to now. */
  driving: () => DrivenEngineInfo | undefined;
  /** Tasks still running or queued: no switch under their feet. */
  tasks: () => Api.TaskInfo[];
  /** The choice was saved: drop the old connection and connect to the new one. */
  switchTo: () => void;
}

export class EngineChooser {
  constructor(private readonly opts: EngineChooserOptions) {}

  private get homeDir(): string {
    return this.opts.homeDir ?? os.homedir();
  }

  async overview(): Promise<Api.EnginesOverview> {
    const chosen = (await this.opts.store.settings()).engine;
    const listing = listContexts(dockerConfigDir(this.opts.env, this.homeDir));
    const overview: Api.EnginesOverview = {
      chosen,
      chosenName: engineChoiceName(chosen),
      contexts: listing.contexts,
      cliContext: listing.current,
      warnings: listing.warnings,
    };
    const driving = this.opts.driving();
    if (driving) overview.driving = driving;
    return overview;
  }

  test(choice: EngineChoice): Promise<EngineTestResult> {
    return testEngine(choice, { env: this.opts.env, homeDir: this.homeDir });
  }

  /** Tests the engine, then saves the choice and switches; nothing changes when it does not answer. */
  async use(choice: EngineChoice): Promise<Api.EnginesOverview> {
    await this.choose(choice);
    return this.overview();
  }

  /** use() for a caller that names what answered (the CLI): the test that let the switch happen. */
  async choose(choice: EngineChoice): Promise<EngineTestResult> {
    this.refuseWhileBusy();
    const result = await this.test(choice);
    if (!result.ok) {
      const problem = result.problem!;
      throw new StatusError(
        problem.code,
        `STATUS Desktop stays on its engine: ${problem.message}`,
        problem.hint,
        { engine: result.name, endpoint: result.endpoint },
      );
    }
    this.refuseWhileBusy(); // a task may have started during the test
    await this.opts.store.saveSettings({ engine: choice });
    this.opts.switchTo();
    return result;
  }

  private refuseWhileBusy(): void {
    const running = this.opts.tasks();
    if (running.length === 0) return;
    throw launcherError(
      'BUSY',
      `The engine can't be switched while a task runs (${running.map((task) => task.kind).join(', ')}).`,
      'Wait for it to finish (or cancel it), then switch.',
    );
  }
}
