// Where engines listen when nothing is configured: the Docker CLI's default first, then the per-user
// sockets of rootless Docker, Docker Desktop, Colima, OrbStack, Rancher Desktop, Lima and Podman
// (the same idea as lazydocker's ordered candidate list, each one pinged with a short timeout).
import path from 'node:path';

export interface KnownSocket {
  /** unix:///path or npipe:////./pipe/name */
  endpoint: string;
  /** Who usually listens there, for messages ("Docker Desktop", "Podman"). */
  label: string;
}

export interface KnownSocketOptions {
  env: NodeJS.ProcessEnv;
  homeDir: string;
  platform: NodeJS.Platform;
  uid?: number;
}

export function knownSockets({ env, homeDir, platform, uid }: KnownSocketOptions): KnownSocket[] {
  if (platform === 'win32') {
    return [
      { endpoint: 'npipe:////./pipe/docker_engine', label: 'Docker Desktop / Docker Engine' },
      { endpoint: 'npipe:////./pipe/dockerDesktopLinuxEngine', label: 'Docker Desktop' },
      { endpoint: 'npipe:////./pipe/podman-machine-default', label: 'Podman machine' },
    ];
  }
  const home = (...parts: string[]): string => path.join(homeDir, ...parts);
  const list: KnownSocket[] = [{ endpoint: 'unix:///var/run/docker.sock', label: 'Docker Engine' }];
  const runtimeDirs: string[] = [];
  if (env.XDG_RUNTIME_DIR) runtimeDirs.push(env.XDG_RUNTIME_DIR);
  if (platform === 'linux' && uid !== undefined && uid !== 0) runtimeDirs.push(`/run/user/${uid}`);

  if (platform === 'linux') {
    for (const dir of runtimeDirs)
      list.push({ endpoint: `unix://${path.join(dir, 'docker.sock')}`, label: 'rootless Docker' });
    list.push({ endpoint: `unix://${home('.docker', 'desktop', 'docker.sock')}`, label: 'Docker Desktop' });
  }
  list.push({ endpoint: `unix://${home('.docker', 'run', 'docker.sock')}`, label: 'Docker Desktop' });
  if (platform === 'darwin') {
    list.push({ endpoint: `unix://${home('.docker', 'desktop', 'docker.sock')}`, label: 'Docker Desktop' });
  }
  list.push(
    { endpoint: `unix://${home('.colima', 'default', 'docker.sock')}`, label: 'Colima' },
    { endpoint: `unix://${home('.colima', 'docker.sock')}`, label: 'Colima' },
    { endpoint: `unix://${home('.orbstack', 'run', 'docker.sock')}`, label: 'OrbStack' },
    { endpoint: `unix://${home('.rd', 'docker.sock')}`, label: 'Rancher Desktop' },
    { endpoint: `unix://${home('.lima', 'docker', 'sock', 'docker.sock')}`, label: 'Lima' },
  );
  for (const dir of runtimeDirs)
    list.push({ endpoint: `unix://${path.join(dir, 'podman', 'podman.sock')}`, label: 'Podman' });
  list.push({ endpoint: 'unix:///run/podman/podman.sock', label: 'Podman' });
  if (platform === 'darwin') {
    const machine = home('.local', 'share', 'containers', 'podman', 'machine');
    list.push(
      { endpoint: `unix://${path.join(machine, 'podman.sock')}`, label: 'Podman machine' },
      {
        endpoint: `unix://${path.join(machine, 'podman-machine-default', 'podman.sock')}`,
        label: 'Podman machine',
      },
      { endpoint: `unix://${path.join(machine, 'qemu', 'podman.sock')}`, label: 'Podman machine' },
      { endpoint: `unix://${path.join(machine, 'applehv', 'podman.sock')}`, label: 'Podman machine' },
    );
    if (env.TMPDIR) {
      list.push({
        endpoint: `unix://${path.join(env.TMPDIR, 'podman', 'podman-machine-default-api.sock')}`,
        label: 'Podman machine',
      });
    }
  }
  const seen = new Set<string>();
  return list.filter((socket) => (seen.has(socket.endpoint) ? false : (seen.add(socket.endpoint), true)));
}
