// What to tell a person, per platform: install, start, fix permissions, upgrade.
import { accessSync, constants, existsSync } from 'node:fs';
import path from 'node:path';
import { MIN_API_VERSION, MIN_ENGINE_VERSION } from './features.js';

export function installHint(platform: NodeJS.Platform): string {
  switch (platform) {
    case 'linux':
      return (
        'Install Docker Engine (https://docs.docker.com/engine/install/; on Debian/Ubuntu `sudo apt-get install docker.io`), ' +
        'start it with `sudo systemctl enable --now docker`, and let your user use it: `sudo usermod -aG docker $USER`, then log out and back in. ' +
        'Docker Desktop for Linux works too.'
      );
    case 'darwin':
      return 'Install Docker Desktop for Mac (https://docs.docker.com/desktop/setup/install/mac-install/), or Colima, OrbStack or Rancher Desktop, and start it.';
    case 'win32':
      return 'Install Docker Desktop for Windows (https://docs.docker.com/desktop/setup/install/windows-install/), start it and wait until it says "Engine running".';
    default:
      return 'Install Docker Engine (https://docs.docker.com/engine/install/) and start it.';
  }
}

/** How to start the engine that usually owns a socket with this label. */
export function startHint(platform: NodeJS.Platform, label?: string): string {
  switch (label) {
    case 'Colima':
      return 'Start Colima: `colima start`.';
    case 'OrbStack':
      return 'Open OrbStack and wait until it is running.';
    case 'Rancher Desktop':
      return 'Open Rancher Desktop (container engine: dockerd/moby) and wait until it is running.';
    case 'Lima':
      return 'Start the Lima instance: `limactl start docker`.';
    case 'Podman':
      return platform === 'linux'
        ? 'Start the Podman API socket: `systemctl --user enable --now podman.socket` (or `sudo systemctl enable --now podman.socket`).'
        : 'Start Podman: `podman machine start`.';
    case 'Podman machine':
      return 'Start the Podman machine: `podman machine start`.';
    case 'rootless Docker':
      return 'Start rootless Docker: `systemctl --user start docker`.';
    case 'Docker Desktop':
      return 'Open Docker Desktop and wait until it says "Engine running".';
  }
  switch (platform) {
    case 'linux':
      return 'Start it: `sudo systemctl start docker` (rootless Docker: `systemctl --user start docker`; Docker Desktop: open it).';
    case 'darwin':
      return 'Open Docker Desktop (or `colima start`, OrbStack, Rancher Desktop, `podman machine start`) and wait until it is running.';
    case 'win32':
      return 'Start Docker Desktop from the Start menu and wait until it says "Engine running" (Podman: `podman machine start`).';
    default:
      return 'Start the Docker engine.';
  }
}

export function permissionHint(platform: NodeJS.Platform, socketPath?: string): string {
  switch (platform) {
    case 'linux':
      return (
        'Let your user use Docker: `sudo usermod -aG docker $USER`, then log out and back in (or run `newgrp docker` in this terminal). ' +
        'Or use rootless Docker, which needs no group: `dockerd-rootless-setuptool.sh install`.'
      );
    case 'darwin':
      return `Check who owns the socket (\`ls -l ${socketPath ?? '/var/run/docker.sock'}\`); restarting Docker Desktop usually repairs it.`;
    case 'win32':
      return 'Add your account to the docker-users group (as administrator: `net localgroup docker-users %USERNAME% /add`), then sign out and back in.';
    default:
      return `Make sure your user may open ${socketPath ?? 'the Docker socket'}.`;
  }
}

export function upgradeHint(platform: NodeJS.Platform, platformName?: string): string {
  const wanted = `Engine ${MIN_ENGINE_VERSION} (API ${MIN_API_VERSION}) or newer`;
  if (platformName && /podman/i.test(platformName))
    return `Upgrade Podman to version 4 or newer, which speaks API ${MIN_API_VERSION}.`;
  if (platformName && /desktop/i.test(platformName))
    return `Update Docker Desktop (its menu → Check for updates) to get ${wanted}.`;
  switch (platform) {
    case 'linux':
      return `Upgrade Docker to ${wanted}: https://docs.docker.com/engine/install/ (Debian/Ubuntu: Docker's apt repository, then \`sudo apt-get install docker-ce\`).`;
    case 'darwin':
    case 'win32':
      return `Update Docker Desktop (its menu → Check for updates) to get ${wanted}.`;
    default:
      return `Upgrade Docker to ${wanted}.`;
  }
}

/**
 * Finds container CLIs on PATH (docker, podman) and, on macOS / Windows, an installed Docker Desktop
 * that is not on PATH yet. Used to tell "not installed" from "installed but not running".
 */
export function findInstalledEngines(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string[] {
  const found: string[] = [];
  const pathValue = env.PATH ?? env.Path ?? '';
  const delimiter = platform === 'win32' ? ';' : ':';
  const extensions =
    platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';').filter(Boolean) : [''];
  for (const dir of pathValue.split(delimiter)) {
    if (!dir) continue;
    for (const name of ['docker', 'podman']) {
      for (const ext of extensions) {
        const file = path.join(dir, name + ext.toLowerCase());
        try {
          accessSync(file, platform === 'win32' ? constants.F_OK : constants.X_OK);
          if (!found.includes(file)) found.push(file);
        } catch {
          // not here
        }
      }
    }
  }
  // Only look at install folders of the platform we really run on (a test may pretend otherwise).
  if (platform === process.platform) {
    const apps =
      platform === 'darwin'
        ? ['/Applications/Docker.app', '/Applications/OrbStack.app', '/Applications/Rancher Desktop.app']
        : platform === 'win32'
          ? [path.join(env.ProgramFiles ?? 'C:\\Program Files', 'Docker', 'Docker', 'Docker Desktop.exe')]
          : [];
    for (const app of apps) if (existsSync(app)) found.push(app);
  }
  return found;
}
