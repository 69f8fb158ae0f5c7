// Node-RED settings for STATUS. Everything secret comes from the environment, which STATUS
// Desktop fills from the secrets it generated on first run; nothing here has a default password.
const required = (name) => {
  const value = process.env[name];
  if (!value)
    throw new Error(`${name} is not set: start the stack through STATUS Desktop or set it in stack.env`);
  return value;
};

module.exports = {
  flowFile: 'flows.json',
  flowFilePretty: true,
  userDir: '/data',
  nodesDir: '/data/nodes',
  uiPort: process.env.PORT || 1880,

  // Credentials in flows_cred.json are encrypted with a key kept outside the data volume.
  credentialSecret: required('NODE_RED_CREDENTIAL_SECRET'),

  // The editor and admin API: the STATUS admin account (bcrypt hash, cost 12).
  adminAuth: {
    type: 'credentials',
    users: [
      {
        username: process.env.NODE_RED_ADMIN_USER || 'admin',
        password: required('NODE_RED_ADMIN_PASSWORD_HASH'),
        permissions: '*',
      },
    ],
  },
  // The backend prefixes every control's endpoint with /api/v1 (reverse proxy strips /node-red/).
  httpNodeRoot: '/api/v1',
  httpNodeAuth: {
    user: process.env.NODE_RED_HTTP_USER || 'status-backend',
    pass: required('NODE_RED_HTTP_PASSWORD_HASH'),
  },
  httpAdminCors: { origin: process.env.NODE_RED_CORS_ORIGIN || 'http://localhost:3000', credentials: true },

  diagnostics: { enabled: false, ui: false },
  runtimeState: { enabled: false, ui: false },
  logging: { console: { level: 'info', metrics: false, audit: false } },
  exportGlobalContextKeys: false,
  externalModules: { autoInstall: false, palette: { allowInstall: true } },
  functionExternalModules: false,
  editorTheme: { projects: { enabled: false }, codeEditor: { lib: 'monaco' } },
  debugMaxLength: 1000,
};
