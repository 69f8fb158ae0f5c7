// The small part of Node-RED's node API the STATUS nodes use. Our own interfaces (not @types/node-red)
// so the package compiles with TypeScript alone inside the Node-RED image.

/** The HTTP response wrapper Node-RED's `http in` node puts on msg.res (Express response in _res). */
export interface HttpResponseWrapper {
  _res: {
    headersSent?: boolean;
    status(code: number): HttpResponseWrapper['_res'];
    json(body: unknown): unknown;
  };
}

export interface NodeMessage {
  _msgid?: string;
  payload?: unknown;
  req?: { headers?: Record<string, string | string[] | undefined>; body?: unknown };
  res?: HttpResponseWrapper;
  [key: string]: unknown;
}

export interface NodeStatus {
  fill?: 'red' | 'green' | 'yellow' | 'blue' | 'grey';
  shape?: 'ring' | 'dot';
  text?: string;
}

/** A node's configuration as the editor saved it (values are mostly strings). */
export interface NodeDef {
  id: string;
  type: string;
  name?: string;
  z?: string;
  [key: string]: unknown;
}

export type SendOutput = NodeMessage | null | (NodeMessage | null)[];

export interface Node {
  id: string;
  type: string;
  name?: string;
  credentials?: Record<string, string | undefined>;
  status(status: NodeStatus): void;
  error(error: unknown, msg?: NodeMessage): void;
  warn(message: unknown): void;
  send(msg: SendOutput): void;
  on(
    event: 'input',
    cb: (msg: NodeMessage, send: (m: SendOutput) => void, done: (err?: Error) => void) => void,
  ): void;
  on(event: 'close', cb: (removed: boolean, done: () => void) => void): void;
}

export interface NodeAPI {
  nodes: {
    createNode(node: Node, def: NodeDef): void;
    registerType(
      type: string,
      ctor: (this: Node, def: NodeDef) => void,
      opts?: { credentials?: Record<string, { type: 'text' | 'password' }> },
    ): void;
  };
  util: {
    getMessageProperty(msg: NodeMessage, expr: string): unknown;
    setMessageProperty(msg: NodeMessage, expr: string, value: unknown, createMissing?: boolean): boolean;
    getObjectProperty(obj: unknown, expr: string): unknown;
    evaluateNodeProperty(value: string, type: string, node: Node, msg: NodeMessage): unknown;
  };
}
