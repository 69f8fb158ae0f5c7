// Node-RED settings for STATUS. Everything secret comes from the environment, which STATUS
// Desktop fills from the secrets it generated on first run; nothing here has a default password.
// Baked into the STATUS Node-RED image (stack/node-red/Dockerfile) next to the starter flows, and
// given to red.js with --settings, so the /data volume holds user data only.
/* eslint-disable @typescript-eslint/no-require-imports -- Node-RED loads this file as CommonJS */
const fs = require('node:fs');
const path = require('node:path');
const { statusTokens } = require('./status-auth.js');

const USER_DIR = '/data';
const FLOW_FILE = 'flows.json';

/**
 * First start only: a /data without flows gets the STATUS starter flows, so the Getting started
 * controls have endpoints to call. An existing flow file (even an empty `[]` after a user deleted
 * everything) is never touched. A missing starter file is logged and Node-RED starts empty.
 */
function seedStarterFlows() {
  const source = path.join(__dirname, 'starter-flows.json');
  const target = path.join(USER_DIR, FLOW_FILE);
  if (fs.existsSync(target)) return;
  if (!fs.existsSync(source)) {
    console.warn(`[status] ${source} is missing: no starter flows; Node-RED starts with an empty workspace`);
    return;
  }
  try {
    // COPYFILE_EXCL: never overwrite, even if the file appeared since the check.
    fs.copyFileSync(source, target, fs.constants.COPYFILE_EXCL);
    console.log(`[status] first start: copied the starter flows ${source} to ${target}`);
  } catch (error) {
    if (error.code === 'EEXIST') return;
    console.warn(
      `[status] could not copy the starter flows to ${target} (${error.message}); Node-RED starts with an empty workspace`,
    );
  }
}

/**
 * The STATUS nodes run through the blockchain ledger when STATUS_LEDGER_ENDPOINT is set, locally
 * otherwise. Compose passes `${STATUS_LEDGER_ENDPOINT:-}`, i.e. an empty string when the ledger is
 * off: empty or blank means "not set", so remove it before any node reads it.
 */
function normalizeLedgerEndpoint() {
  const endpoint = (process.env.STATUS_LEDGER_ENDPOINT ?? '').trim();
  if (endpoint) {
    process.env.STATUS_LEDGER_ENDPOINT = endpoint;
    console.log(`[status] STATUS nodes run through the ledger at ${endpoint}`);
  } else {
    delete process.env.STATUS_LEDGER_ENDPOINT;
  }
}

seedStarterFlows();
normalizeLedgerEndpoint();

const required = (name) => {
  const value = process.env[name];
  if (!value)
    throw new Error(`${name} is not set: start the stack through STATUS Desktop or set it in stack.env`);
  return value;
};

module.exports = {
  flowFile: FLOW_FILE,
  flowFilePretty: true,
  userDir: USER_DIR,
  nodesDir: path.join(USER_DIR, 'nodes'),
  uiPort: process.env.PORT || 1880,

  // Credentials in flows_cred.json are encrypted with a key kept outside the data volume.
  credentialSecret: required('NODE_RED_CREDENTIAL_SECRET'),

  // The editor and admin API: the STATUS session (nodeRedToken cookie → Bearer at the reverse proxy,
  // checked by the backend: status-auth.js), else Node-RED's login with the STATUS admin account
  // (bcrypt hash, cost 12).
  adminAuth: {
    type: 'credentials',
    tokens: statusTokens(),
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
  // The public URL (STATUS_PUBLIC_URL): the only origin allowed; never a localhost baked in.
  httpAdminCors: { origin: required('NODE_RED_CORS_ORIGIN'), credentials: true },

  diagnostics: { enabled: false, ui: false },
  runtimeState: { enabled: false, ui: false },
  logging: { console: { level: 'info', metrics: false, audit: false } },
  exportGlobalContextKeys: false,
  externalModules: { autoInstall: false, palette: { allowInstall: true } },
  functionExternalModules: false,
  editorTheme: { projects: { enabled: false }, codeEditor: { lib: 'monaco' } },
  debugMaxLength: 1000,
};
