// Where the app's files are, in development (the repository) and once packaged (electron-builder's
// resources folder). The main bundle lives in <app>/dist/main, next to dist/preload and dist/renderer.
import { join, resolve } from 'node:path';

export interface AppPaths {
  rendererDir: string;
  preload: string;
  /** stack/compose.yaml: shipped as an extra resource when packaged. */
  composeFile: string;
  /** resources/tray: one PNG per overall state. */
  trayIconDir: string;
  appIcon: string;
}

export interface PathInputs {
  /** The directory of the main bundle (its __dirname). */
  mainDir: string;
  isPackaged: boolean;
  /** process.resourcesPath (packaged only). */
  resourcesPath: string;
  env: NodeJS.ProcessEnv;
}

export function appPaths({ mainDir, isPackaged, resourcesPath, env }: PathInputs): AppPaths {
  const appDir = resolve(mainDir, '..', '..'); // desktop/ in the repository, app.asar when packaged
  const resources = isPackaged ? resourcesPath : resolve(appDir, '..');
  const stackDir = env.STATUS_STACK_DIR ?? join(resources, 'stack');
  const assets = join(resources, 'resources');
  return {
    rendererDir: join(appDir, 'dist', 'renderer'),
    preload: join(appDir, 'dist', 'preload', 'index.cjs'),
    composeFile: join(stackDir, 'compose.yaml'),
    trayIconDir: join(assets, 'tray'),
    appIcon: join(assets, 'icon.png'),
  };
}
