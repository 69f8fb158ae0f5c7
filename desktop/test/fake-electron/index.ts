// A small in-memory `electron` for main-process and preload tests (no Electron binary can run
// here). It implements only what desktop/src/main and desktop/src/preload use, RECORDS every option
// and handler it is given, and lets tests emit the events Electron would.
//
// Wire it with:  vi.mock('electron', () => import('../../test/fake-electron/index.js'));
// and call `resetFakeElectron()` in beforeEach.
import { EventEmitter } from 'node:events';

type Listener = (...args: unknown[]) => unknown;

/** Event object passed to listeners; tests read `defaultPrevented`. */
export class FakeEvent {
  defaultPrevented = false;
  constructor(readonly props: Record<string, unknown> = {}) {
    Object.assign(this, props);
  }
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

// ---------------------------------------------------------------------------------------------
// session

type PermissionRequestHandler = (
  wc: unknown,
  permission: string,
  callback: (granted: boolean) => void,
  details: unknown,
) => void;

export class FakeSession {
  permissionRequestHandler: PermissionRequestHandler | null = null;
  permissionCheckHandler: ((...args: unknown[]) => boolean) | null = null;
  devicePermissionHandler: ((...args: unknown[]) => boolean) | null = null;
  displayMediaRequestHandler: ((...args: unknown[]) => void) | null = null;
  clearedStorage = 0;
  constructor(readonly partition: string) {}
  setPermissionRequestHandler(handler: PermissionRequestHandler | null): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: ((...args: unknown[]) => boolean) | null): void {
    this.permissionCheckHandler = handler;
  }
  setDevicePermissionHandler(handler: ((...args: unknown[]) => boolean) | null): void {
    this.devicePermissionHandler = handler;
  }
  setDisplayMediaRequestHandler(handler: ((...args: unknown[]) => void) | null): void {
    this.displayMediaRequestHandler = handler;
  }
  async clearStorageData(): Promise<void> {
    this.clearedStorage++;
  }
  /** What the permission request handler answers (undefined if it never calls back). */
  requestPermission(permission: string): boolean | undefined {
    let answer: boolean | undefined;
    this.permissionRequestHandler?.(null, permission, (granted) => (answer = granted), {});
    return answer;
  }
}

const sessions = new Map<string, FakeSession>();
export const session = {
  get defaultSession(): FakeSession {
    return session.fromPartition('');
  },
  fromPartition(partition: string): FakeSession {
    let s = sessions.get(partition);
    if (!s) sessions.set(partition, (s = new FakeSession(partition)));
    return s;
  },
};

// ---------------------------------------------------------------------------------------------
// webContents, windows, views

export class FakeWebContents extends EventEmitter {
  static nextId = 1;
  readonly id = FakeWebContents.nextId++;
  url = '';
  title = '';
  loading = false;
  destroyed = false;
  loaded: string[] = [];
  sent: { channel: string; args: unknown[] }[] = [];
  windowOpenHandler: ((details: { url: string }) => { action: 'allow' | 'deny' }) | null = null;
  history: string[] = [];
  historyIndex = -1;
  reloads = 0;
  zoomFactor = 1;
  readonly navigationHistory = {
    canGoBack: () => this.historyIndex > 0,
    canGoForward: () => this.historyIndex < this.history.length - 1,
    goBack: () => {
      if (this.historyIndex > 0) this.url = this.history[--this.historyIndex]!;
    },
    goForward: () => {
      if (this.historyIndex < this.history.length - 1) this.url = this.history[++this.historyIndex]!;
    },
  };
  constructor(readonly session: FakeSession) {
    super();
  }
  async loadURL(url: string): Promise<void> {
    this.loaded.push(url);
    this.history = [...this.history.slice(0, this.historyIndex + 1), url];
    this.historyIndex = this.history.length - 1;
    this.url = url;
  }
  getURL(): string {
    return this.url;
  }
  getTitle(): string {
    return this.title;
  }
  isLoading(): boolean {
    return this.loading;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  reload(): void {
    this.reloads++;
  }
  getZoomFactor(): number {
    return this.zoomFactor;
  }
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'allow' | 'deny' }): void {
    this.windowOpenHandler = handler;
  }
  close(): void {
    this.destroyed = true;
  }
  /** Simulates window.open(url) in the page; returns the handler's decision. */
  openWindow(url: string): { action: 'allow' | 'deny' } | undefined {
    return this.windowOpenHandler?.({ url });
  }
  /** Simulates a navigation attempt; returns true when a listener prevented it. */
  navigate(
    url: string,
    event: 'will-navigate' | 'will-redirect' | 'will-frame-navigate' = 'will-navigate',
  ): boolean {
    const e = new FakeEvent({ url, isMainFrame: true });
    this.emit(event, e, url);
    return e.defaultPrevented;
  }
}

class FakeView {
  readonly children: FakeView[] = [];
  bounds: Rect = { x: 0, y: 0, width: 0, height: 0 };
  addChildView(view: FakeView): void {
    const i = this.children.indexOf(view);
    if (i >= 0) this.children.splice(i, 1);
    this.children.push(view);
  }
  removeChildView(view: FakeView): void {
    const i = this.children.indexOf(view);
    if (i >= 0) this.children.splice(i, 1);
  }
  setBounds(bounds: Rect): void {
    this.bounds = bounds;
  }
  getBounds(): Rect {
    return this.bounds;
  }
}

interface WebPreferencesLike {
  partition?: string;
  session?: FakeSession;
  [key: string]: unknown;
}

function sessionFor(prefs: WebPreferencesLike | undefined): FakeSession {
  if (prefs?.session) return prefs.session;
  return session.fromPartition(prefs?.partition ?? '');
}

export class WebContentsView extends FakeView {
  static instances: WebContentsView[] = [];
  readonly webContents: FakeWebContents;
  constructor(readonly options: { webPreferences?: WebPreferencesLike } = {}) {
    super();
    this.webContents = new FakeWebContents(sessionFor(options.webPreferences));
    WebContentsView.instances.push(this);
  }
}

export class BrowserWindow extends EventEmitter {
  static instances: BrowserWindow[] = [];
  static getAllWindows(): BrowserWindow[] {
    return BrowserWindow.instances.filter((w) => !w.destroyed);
  }
  readonly webContents: FakeWebContents;
  readonly contentView = new FakeView();
  bounds: Rect;
  visible = false;
  minimized = false;
  maximized = false;
  focused = false;
  destroyed = false;
  title = '';
  progress: number | undefined;
  constructor(readonly options: Record<string, unknown> & { webPreferences?: WebPreferencesLike } = {}) {
    super();
    this.webContents = new FakeWebContents(sessionFor(options.webPreferences));
    this.bounds = {
      x: (options.x as number) ?? 0,
      y: (options.y as number) ?? 0,
      width: (options.width as number) ?? 800,
      height: (options.height as number) ?? 600,
    };
    this.title = (options.title as string) ?? '';
    this.visible = options.show !== false;
    BrowserWindow.instances.push(this);
  }
  loadURL(url: string): Promise<void> {
    return this.webContents.loadURL(url);
  }
  getBounds(): Rect {
    return { ...this.bounds };
  }
  getNormalBounds(): Rect {
    return { ...this.bounds };
  }
  getContentBounds(): Rect {
    return { ...this.bounds };
  }
  setBounds(bounds: Partial<Rect>): void {
    this.bounds = { ...this.bounds, ...bounds };
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  maximize(): void {
    this.maximized = true;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  minimize(): void {
    this.minimized = true;
  }
  restore(): void {
    this.minimized = false;
  }
  isVisible(): boolean {
    return this.visible;
  }
  show(): void {
    this.visible = true;
  }
  hide(): void {
    this.visible = false;
  }
  focus(): void {
    this.focused = true;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  setTitle(title: string): void {
    this.title = title;
  }
  setProgressBar(progress: number): void {
    this.progress = progress;
  }
  /** Emits 'close' like a user closing the window; destroys it unless a listener prevented it. */
  close(): void {
    const e = new FakeEvent();
    this.emit('close', e);
    if (!e.defaultPrevented) this.destroy();
  }
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
  }
}

// ---------------------------------------------------------------------------------------------
// app

class FakeApp extends EventEmitter {
  isPackaged = false;
  name = 'STATUS Desktop';
  hasLock = true;
  quitCalls = 0;
  exitCode: number | undefined;
  ready = false;
  paths: Record<string, string> = { userData: '/tmp/fake-electron/userData' };
  private readyWaiters: (() => void)[] = [];
  requestSingleInstanceLock(): boolean {
    return this.hasLock;
  }
  whenReady(): Promise<void> {
    if (this.ready) return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }
  isReady(): boolean {
    return this.ready;
  }
  /** Test helper: become ready (resolves whenReady, emits 'ready'). */
  makeReady(): void {
    this.ready = true;
    this.readyWaiters.splice(0).forEach((r) => r());
    this.emit('ready');
  }
  getPath(name: string): string {
    return this.paths[name] ?? `/tmp/fake-electron/${name}`;
  }
  getAppPath(): string {
    return '/tmp/fake-electron/app';
  }
  loginItem = { openAtLogin: false };
  setLoginItemSettings(settings: { openAtLogin?: boolean }): void {
    this.loginItem = { openAtLogin: settings.openAtLogin ?? false };
  }
  getName(): string {
    return this.name;
  }
  setName(name: string): void {
    this.name = name;
  }
  getVersion(): string {
    return '0.0.0-test';
  }
  setAppUserModelId(): void {}
  /** Like Electron: emits before-quit; quits (records it) unless a listener prevented it. */
  quit(): void {
    this.quitCalls++;
    const e = new FakeEvent();
    this.emit('before-quit', e);
    if (e.defaultPrevented) return;
    for (const w of BrowserWindow.getAllWindows()) w.close();
    this.emit('will-quit', new FakeEvent());
    this.quitted = true;
  }
  quitted = false;
  exit(code = 0): void {
    this.exitCode = code;
    this.quitted = true;
  }
  focus(): void {}
}

export let app = new FakeApp();

// ---------------------------------------------------------------------------------------------
// protocol

export const protocol = {
  privileged: [] as { scheme: string; privileges?: Record<string, boolean> }[],
  handlers: new Map<string, (request: Request) => Response | Promise<Response>>(),
  registerSchemesAsPrivileged(schemes: { scheme: string; privileges?: Record<string, boolean> }[]): void {
    protocol.privileged.push(...schemes);
  },
  handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void {
    protocol.handlers.set(scheme, handler);
  },
  isProtocolHandled(scheme: string): boolean {
    return protocol.handlers.has(scheme);
  },
  /** Test helper: fetch a URL through the registered handler of its scheme. */
  async fetch(url: string): Promise<Response> {
    const scheme = new URL(url).protocol.replace(/:$/, '');
    const handler = protocol.handlers.get(scheme);
    if (!handler) throw new Error(`no handler for ${scheme}:`);
    return handler(new Request(url));
  },
};

// ---------------------------------------------------------------------------------------------
// IPC

export interface IpcMainInvokeEventLike {
  sender: FakeWebContents | { id: number };
  senderFrame: { url: string } | null;
}

export const ipcMain = {
  handlers: new Map<string, (event: IpcMainInvokeEventLike, ...args: unknown[]) => unknown>(),
  listeners: new Map<string, Listener[]>(),
  handle(channel: string, handler: (event: IpcMainInvokeEventLike, ...args: unknown[]) => unknown): void {
    if (ipcMain.handlers.has(channel))
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    ipcMain.handlers.set(channel, handler);
  },
  removeHandler(channel: string): void {
    ipcMain.handlers.delete(channel);
  },
  on(channel: string, listener: Listener): void {
    ipcMain.listeners.set(channel, [...(ipcMain.listeners.get(channel) ?? []), listener]);
  },
  /** Test helper: invoke a handler as if from a frame at `frameUrl`. */
  async invoke(frameUrl: string | null, channel: string, ...args: unknown[]): Promise<unknown> {
    const handler = ipcMain.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler({ sender: { id: 0 }, senderFrame: frameUrl === null ? null : { url: frameUrl } }, ...args);
  },
};

interface FakeIpcRenderer {
  frameUrl: string;
  listeners: Map<string, Listener[]>;
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: Listener): FakeIpcRenderer;
  removeListener(channel: string, listener: Listener): FakeIpcRenderer;
  send(channel: string, ...args: unknown[]): void;
  deliver(channel: string, ...args: unknown[]): void;
}

/** The renderer side: talks to `ipcMain` in the same process, as `app://console/`. */
export const ipcRenderer: FakeIpcRenderer = {
  frameUrl: 'app://console/',
  listeners: new Map<string, Listener[]>(),
  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    return ipcMain.invoke(ipcRenderer.frameUrl, channel, ...args);
  },
  on(channel: string, listener: Listener): FakeIpcRenderer {
    ipcRenderer.listeners.set(channel, [...(ipcRenderer.listeners.get(channel) ?? []), listener]);
    return ipcRenderer;
  },
  removeListener(channel: string, listener: Listener): FakeIpcRenderer {
    ipcRenderer.listeners.set(
      channel,
      (ipcRenderer.listeners.get(channel) ?? []).filter((l) => l !== listener),
    );
    return ipcRenderer;
  },
  send(channel: string, ...args: unknown[]): void {
    for (const l of ipcMain.listeners.get(channel) ?? [])
      l({ senderFrame: { url: ipcRenderer.frameUrl } }, ...args);
  },
  /** Test helper: deliver a message from main to the renderer's listeners. */
  deliver(channel: string, ...args: unknown[]): void {
    for (const l of ipcRenderer.listeners.get(channel) ?? []) l({}, ...args);
  },
};

export const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld(key: string, api: unknown): void {
    if (contextBridge.exposed.has(key))
      throw new Error(`Cannot bind an API on top of an existing property: ${key}`);
    contextBridge.exposed.set(key, api);
  },
};

// ---------------------------------------------------------------------------------------------
// tray, menus, images, notifications, dialogs, shell, screen, safeStorage

export class NativeImage {
  constructor(readonly path: string) {}
  isEmpty(): boolean {
    return this.path === '';
  }
  toPNG(): Buffer {
    return Buffer.alloc(0);
  }
}
export const nativeImage = {
  createFromPath: (path: string) => new NativeImage(path),
  createEmpty: () => new NativeImage(''),
};

export interface MenuItemOptions {
  label?: string;
  role?: string;
  type?: string;
  enabled?: boolean;
  accelerator?: string;
  click?: (...args: unknown[]) => unknown;
  submenu?: MenuItemOptions[] | Menu;
}

export class Menu {
  static applicationMenu: Menu | null = null;
  constructor(readonly items: MenuItemOptions[] = []) {}
  static buildFromTemplate(template: MenuItemOptions[]): Menu {
    return new Menu(template);
  }
  static setApplicationMenu(menu: Menu | null): void {
    Menu.applicationMenu = menu;
  }
  /** Test helper: the item with this label, searched depth-first through submenus. */
  find(label: string): MenuItemOptions | undefined {
    for (const item of this.items) {
      if (item.label === label) return item;
      const sub = item.submenu;
      const found = sub instanceof Menu ? sub.find(label) : sub ? new Menu(sub).find(label) : undefined;
      if (found) return found;
    }
    return undefined;
  }
}

export class Tray extends EventEmitter {
  static instances: Tray[] = [];
  tooltip = '';
  menu: Menu | null = null;
  destroyed = false;
  constructor(public image: NativeImage | string) {
    super();
    Tray.instances.push(this);
  }
  setImage(image: NativeImage | string): void {
    this.image = image;
  }
  setToolTip(tooltip: string): void {
    this.tooltip = tooltip;
  }
  setContextMenu(menu: Menu | null): void {
    this.menu = menu;
  }
  destroy(): void {
    this.destroyed = true;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

export class Notification extends EventEmitter {
  static instances: Notification[] = [];
  static supported = true;
  static isSupported(): boolean {
    return Notification.supported;
  }
  shown = false;
  constructor(readonly options: { title: string; body?: string; silent?: boolean } = { title: '' }) {
    super();
    Notification.instances.push(this);
  }
  show(): void {
    this.shown = true;
  }
  close(): void {}
}

export interface MessageBoxOptionsLike {
  message: string;
  detail?: string;
  buttons?: string[];
  checkboxLabel?: string;
  [key: string]: unknown;
}
export interface MessageBoxAnswer {
  response: number;
  checkboxChecked: boolean;
}

export const dialog = {
  shown: [] as MessageBoxOptionsLike[],
  errors: [] as { title: string; content: string }[],
  /** Answers the next message boxes in order; default: the cancel button (or 0). */
  answers: [] as MessageBoxAnswer[],
  async showMessageBox(...args: unknown[]): Promise<MessageBoxAnswer> {
    const options = (args.length > 1 ? args[1] : args[0]) as MessageBoxOptionsLike;
    dialog.shown.push(options);
    return dialog.answers.shift() ?? { response: (options.cancelId as number) ?? 0, checkboxChecked: false };
  },
  showErrorBox(title: string, content: string): void {
    dialog.errors.push({ title, content });
  },
};

export const shell = {
  opened: [] as string[],
  async openExternal(url: string): Promise<void> {
    shell.opened.push(url);
  },
};

interface FakeDisplay {
  id: number;
  workArea: Rect;
  bounds: Rect;
}

export const screen: {
  displays: FakeDisplay[];
  getAllDisplays(): FakeDisplay[];
  getPrimaryDisplay(): FakeDisplay;
} = {
  displays: [
    {
      id: 1,
      workArea: { x: 0, y: 0, width: 1920, height: 1080 },
      bounds: { x: 0, y: 0, width: 1920, height: 1080 },
    },
  ],
  getAllDisplays(): FakeDisplay[] {
    return screen.displays;
  },
  getPrimaryDisplay(): FakeDisplay {
    return screen.displays[0]!;
  },
};

export const safeStorage = {
  available: true,
  backend: 'gnome_libsecret',
  isEncryptionAvailable(): boolean {
    return safeStorage.available;
  },
  getSelectedStorageBackend(): string {
    return safeStorage.backend;
  },
  // Reversible and visibly different from the input, so tests can tell it was used.
  encryptString(plain: string): Buffer {
    if (!safeStorage.available) throw new Error('Encryption is not available.');
    return Buffer.from(`enc:${Buffer.from(plain, 'utf8').toString('hex')}`, 'utf8');
  },
  decryptString(data: Buffer): string {
    const text = data.toString('utf8');
    if (!text.startsWith('enc:'))
      throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    return Buffer.from(text.slice(4), 'hex').toString('utf8');
  },
};

/** Forget every recorded window, view, handler and answer. Call in beforeEach. */
export function resetFakeElectron(): void {
  app = new FakeApp();
  sessions.clear();
  BrowserWindow.instances = [];
  WebContentsView.instances = [];
  Tray.instances = [];
  Notification.instances = [];
  Notification.supported = true;
  Menu.applicationMenu = null;
  protocol.privileged = [];
  protocol.handlers.clear();
  ipcMain.handlers.clear();
  ipcMain.listeners.clear();
  ipcRenderer.frameUrl = 'app://console/';
  ipcRenderer.listeners.clear();
  contextBridge.exposed.clear();
  dialog.shown = [];
  dialog.errors = [];
  dialog.answers = [];
  shell.opened = [];
  safeStorage.available = true;
  safeStorage.backend = 'gnome_libsecret';
  screen.displays = [
    {
      id: 1,
      workArea: { x: 0, y: 0, width: 1920, height: 1080 },
      bounds: { x: 0, y: 0, width: 1920, height: 1080 },
    },
  ];
}

export default {
  get app() {
    return app;
  },
  BrowserWindow,
  WebContentsView,
  Menu,
  Tray,
  Notification,
  contextBridge,
  dialog,
  ipcMain,
  ipcRenderer,
  nativeImage,
  protocol,
  safeStorage,
  screen,
  session,
  shell,
};
