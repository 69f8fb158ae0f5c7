// Calls of the mashups page: the deployed Node-RED flows through the backend (which holds the
// Node-RED admin credentials; the browser never gets a Node-RED admin token).
import type { NodeRedFlowNode } from '@backend/contract';
import { api } from '../../api';

export const FLOWS_KEY = 'nodered/flows';

export const mashupsApi = {
  flows: (signal?: AbortSignal) => api.get<NodeRedFlowNode[]>('/nodered/flows', { signal }),
};
