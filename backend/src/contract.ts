// The wire contract of the API for clients (the frontend imports it with `import type` only, so
// nothing here reaches a bundle). Request types are the zod schemas' *input* types (what a client
// sends, before defaults and transforms); response types are the mappers' return types, so they
// change when the server's output changes. Nothing here is written twice.
import type { z } from 'zod';
import type * as assistant from './features/assistant/schemas.js';
import type * as catalogs from './features/catalogs/schemas.js';
import type * as computations from './features/computations/schemas.js';
import type * as config from './features/config/schemas.js';
import type * as controls from './features/controls/schemas.js';
import type * as grafana from './features/grafana/schemas.js';
import type * as points from './features/points/schemas.js';
import type * as scopes from './features/scopes/schemas.js';
import type * as scripts from './features/scripts/schemas.js';
import type * as secrets from './features/secrets/schemas.js';
import type * as users from './features/users/schemas.js';
import type { startComputationBody } from './features/runs/computations.js';
import type { toConfiguration } from './features/config/repository.js';
import type { toPanel } from './features/controls/repository.js';
import type { toScope, toScopeSet } from './features/scopes/repository.js';
import type { toSecret } from './features/secrets/repository.js';
import type { FieldError } from './http/errors.js';

// ---- shared
export type { Role } from './features/auth/tokens.js';
export type { FieldError } from './http/errors.js';
/** Every error body: `{ message }`, plus `errors` on a validation 400. */
export interface ErrorBody {
  message: string;
  errors?: FieldError[];
}
export interface MessageBody {
  message: string;
}
/** `?limit=&offset=` of the list routes (limit 1..1000, default 500). */
export interface PageQuery {
  limit?: number;
  offset?: number;
}

// ---- users and auth
export type { PublicUser as User } from './features/users/repository.js';
import type { PublicUser } from './features/users/repository.js';
export type SignInBody = z.input<typeof users.signInSchema>;
export type SignInResponse = PublicUser & { nodeRedAccess: boolean };
/** `GET /users/auth/providers` (public): whether the sign-in page offers GitHub. */
export type { AuthProviders } from './features/auth/github.js';
/** 401 of sign-in when the account has 2FA and no (or a wrong) code was given. */
export interface SignIn2faRequired {
  message: string;
  requires2FA: true;
}
export type SignUpBody = z.input<typeof users.signUpSchema>;
export interface SignUpResponse {
  message: string;
  user: PublicUser;
}
/** `PATCH /users/:id` (ADMIN): the user's sessions end, so the new role applies at their next sign-in. */
export type UpdateUserBody = z.input<typeof users.updateUserBody>;
export interface UpdateUserResponse {
  message: string;
  user: PublicUser;
}
export type AuthStatus =
  | { authenticated: false; user: null }
  | { authenticated: true; authority: PublicUser['authority']; user: PublicUser };
export interface RefreshResponse {
  message: string;
  user: PublicUser | null;
}
/** 401 of any route when the access token has expired: refresh, then replay. */
export interface ExpiredBody {
  message: string;
  expired: true;
}
export type TotpBody = z.input<typeof users.totpBody>;
export type DisableTotpBody = z.input<typeof users.disableBody>;
export interface TotpSetupResponse {
  otpauthUrl: string;
  /** `data:image/png;base64,…` */
  qrCode: string;
}
export interface TotpStatus {
  twofa_enabled: boolean;
}
/** 429 of sign-in and the 2FA routes. */
export interface RateLimitedBody {
  message: string;
  retryAfterSeconds: number;
}

// ---- catalogs
export type { Catalog, PublishStatus } from './features/catalogs/repository.js';
import type { Catalog } from './features/catalogs/repository.js';
export type CatalogListQuery = z.input<typeof catalogs.listQuery>;
export type CatalogDraftBody = z.input<typeof catalogs.createDraftBody>;
export type CatalogCreateBody = z.input<typeof catalogs.createBody>;
export type CatalogUpdateBody = z.input<typeof catalogs.updateBody>;
export interface CatalogFinalizeResponse {
  catalog: Catalog;
  controls: { finalized: number };
}

// ---- controls
export type { Control, Period } from './features/controls/repository.js';
export type ControlPanel = ReturnType<typeof toPanel>;
export type ControlListQuery = z.input<typeof controls.listQuery>;
export type ControlDraftBody = z.input<typeof controls.createDraftBody>;
export type ControlCreateBody = z.input<typeof controls.createBody>;
export type ControlUpdateBody = z.input<typeof controls.updateBody>;
export type ControlPanelBody = z.input<typeof controls.panelBody>;

// ---- computations and points
export type { Computation } from './features/computations/repository.js';
export type { Point } from './features/points/repository.js';
export type ComputationInput = z.input<typeof computations.computationInput>;
export type ComputationListQuery = z.input<typeof computations.listQuery>;
export type StartComputationBody = z.input<typeof startComputationBody>;
export type PointInput = z.input<typeof points.pointInput>;
export type PointListQuery = z.input<typeof points.listQuery>;

// ---- scopes and scope sets
export type Scope = ReturnType<typeof toScope>;
export type ScopeSet = ReturnType<typeof toScopeSet>;
export type ScopeCreateBody = z.input<typeof scopes.createScopeBody>;
export type ScopeUpdateBody = z.input<typeof scopes.updateScopeBody>;
export type ScopeSetCreateBody = z.input<typeof scopes.createSetBody>;
export type ScopeSetUpdateBody = z.input<typeof scopes.updateSetBody>;
export type ScopeSetListQuery = z.input<typeof scopes.setsQuery>;

// ---- scripts
export type { Script } from './features/scripts/repository.js';
export type ScriptCreateBody = z.input<typeof scripts.createBody>;
export type ScriptUpdateBody = z.input<typeof scripts.updateBody>;
export type ScriptParseBody = z.input<typeof scripts.parseBody>;

// ---- secrets (the value is shown once: in the 201 of the creation, masked everywhere else)
export type Secret = ReturnType<typeof toSecret>;
export type SecretType = (typeof secrets.SECRET_TYPES)[number];
export type SecretCreateBody = z.input<typeof secrets.createBody>;
export type SecretUpdateBody = z.input<typeof secrets.updateBody>;
export type SecretCreated = Secret & { message: string };

// ---- configuration (feature flags) and the assistant limit
export type Configuration = ReturnType<typeof toConfiguration>;
export type ConfigUpdateBody = z.input<typeof config.updateBody>;
export type ConfigLookupBody = z.input<typeof config.lookupBody>;
export interface AssistantLimit {
  limit: number;
}

// ---- Grafana
export type {
  DashboardJson,
  DashboardWithMeta,
  Folder as GrafanaFolder,
  SaveDashboardResult,
  SearchHit as GrafanaSearchHit,
} from './features/grafana/client.js';
export type GrafanaSearchQuery = z.input<typeof grafana.searchQuery>;
export type GrafanaFolderBody = z.input<typeof grafana.folderBody>;
export type GrafanaDashboardBody = z.input<typeof grafana.dashboardBody>;
export type GrafanaTemplateBody = z.input<typeof grafana.templateBody>;
export type GrafanaPanelBody = z.input<typeof grafana.panelBody>;
export type GrafanaPanelPatchBody = z.input<typeof grafana.panelPatchBody>;
/** The panel types of features/grafana/panels.ts (PANEL_TYPES). */
export type { PanelType as GrafanaPanelType } from './features/grafana/panels.js';
/** `POST /grafana/dashboard/:uid/panel`: the new panel's id and the saved dashboard. */
export interface GrafanaPanelCreated {
  panelId: number;
  title: string;
  type: string;
  rawSql: string;
  uid: string;
  version: number;
}

// ---- Node-RED
export type { NodeRedFlowNode, NodeRedToken } from './features/nodered/client.js';
/** `POST /controls/:id/run`: the stored computation of a run made now. */
export type { RunResult } from './features/runs/service.js';

// ---- AI assistant
// Written out here: the feature's mappers are private to it and importing it would drag the OpenAI SDK
// into every client's type check. Keep in step with toAssistant / toThread in assistant/repository.ts.
export interface Assistant {
  id: number;
  assistantId: string;
  name: string;
  instructions: string;
  tools: unknown;
  model: string;
  status: string;
  createdAt: string;
  updatedAt: string;
}
export interface Thread {
  id: number;
  /** The OpenAI thread id, used in every /thread/:gptId route. */
  gptId: string;
  name: string;
  runId: string | null;
  userId: number;
  createdAt: string;
  updatedAt: string;
}
/** One OpenAI thread message as GET /thread/:gptId returns it (the fields a client reads). */
export interface ThreadMessage {
  id: string;
  role: 'user' | 'assistant';
  created_at: number;
  content: Array<{ type: 'text'; text: { value: string } } | { type: string; [k: string]: unknown }>;
}
/** GET /thread/:gptId: the messages, or the run still going. */
export type ThreadMessages =
  { data: ThreadMessage[]; has_more: boolean } | { message: string; status: string };
export interface ThreadCreated {
  id: string;
  message: string;
}
export type AssistantCreateBody = z.input<typeof assistant.createBody>;
export type AssistantAdminCreateBody = z.input<typeof assistant.adminCreateBody>;
export type AssistantInstructionsBody = z.input<typeof assistant.instructionsBody>;
export type NewThreadBody = z.input<typeof assistant.newThreadBody>;
export type AddMessageBody = z.input<typeof assistant.addMessageBody>;
export type RenameThreadBody = z.input<typeof assistant.renameBody>;
