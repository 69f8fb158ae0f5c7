// A real Node-RED (backend/test/fakes/node-red.ts starts the npm package with the stack's settings)
// plus one flow deployed through Node-RED's admin API, the way an operator's flow would be: a tab
// "E2E compliance" whose HTTP-in endpoint POST /api/v1/e2e/compliance returns two evidences.
import { startNodeRed, type NodeRedInstance } from '../../backend/test/fakes/node-red.js';

/** What a control's params.endpoint names to run the deployed flow. */
export const E2E_ENDPOINT = 'e2e/compliance';
export const E2E_FLOW_LABEL = 'E2E compliance';
/** The evidences the flow returns: each passes when its score reaches params.threshold. */
export const E2E_EVIDENCES = [
  { check: 'branch-protection', score: 3 },
  { check: 'signed-commits', score: 5 },
] as const;

const FLOW_FN = `
const p = msg.payload || {};
const threshold = Number(p.threshold);
const checks = ${JSON.stringify(E2E_EVIDENCES)};
const evidences = checks.map((c) => ({ check: c.check, score: c.score, result: c.score >= threshold }));
msg.payload = { value: evidences.every((e) => e.result), evidences };
return msg;`;

async function adminToken(nr: NodeRedInstance): Promise<string> {
  const res = await fetch(`${nr.url}/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      client_id: 'node-red-admin',
      grant_type: 'password',
      scope: '*',
      username: nr.adminUser,
      password: nr.adminPassword,
    }),
  });
  if (!res.ok) throw new Error(`Node-RED admin token: HTTP ${res.status} ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

/** POST /flow: adds one tab with its nodes and deploys it; returns the flow (tab) id. */
async function deployE2eFlow(nr: NodeRedInstance): Promise<string> {
  const res = await fetch(`${nr.url}/flow`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await adminToken(nr)}` },
    body: JSON.stringify({
      label: E2E_FLOW_LABEL,
      nodes: [
        {
          id: 'e2e-in',
          type: 'http in',
          name: 'E2E compliance check',
          url: `/${E2E_ENDPOINT}`,
          method: 'post',
          upload: false,
          wires: [['e2e-fn']],
        },
        {
          id: 'e2e-fn',
          type: 'function',
          name: 'evidences',
          func: FLOW_FN,
          outputs: 1,
          wires: [['e2e-out']],
        },
        { id: 'e2e-out', type: 'http response', name: '', statusCode: '', headers: {}, wires: [] },
      ],
    }),
  });
  if (!res.ok) throw new Error(`Node-RED POST /flow: HTTP ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

/** Polls the deployed endpoint until it answers (a deploy starts the nodes asynchronously). */
async function waitForEndpoint(nr: NodeRedInstance, deadlineMs = 30_000): Promise<void> {
  const auth = `Basic ${Buffer.from(`${nr.httpUser}:${nr.httpPassword}`).toString('base64')}`;
  const deadline = Date.now() + deadlineMs;
  let last = '';
  while (Date.now() < deadline) {
    const res = await fetch(`${nr.url}/api/v1/${E2E_ENDPOINT}`, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/json' },
      body: JSON.stringify({ threshold: 1 }),
    }).catch((err: Error) => err);
    if (!(res instanceof Error) && res.ok) return;
    last = res instanceof Error ? res.message : `HTTP ${res.status}`;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the deployed E2E flow does not answer after ${deadlineMs} ms (${last}):\n${nr.log()}`);
}

export interface E2eNodeRed extends NodeRedInstance {
  flowId: string;
}

export async function startNodeRedWithE2eFlow(): Promise<E2eNodeRed> {
  const nr = await startNodeRed();
  try {
    const flowId = await deployE2eFlow(nr);
    await waitForEndpoint(nr);
    return { ...nr, flowId };
  } catch (err) {
    await nr.stop();
    throw err;
  }
}
