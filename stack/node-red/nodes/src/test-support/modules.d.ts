// node-red-node-test-helper ships no types; the tests use this much of it.
declare module 'node-red-node-test-helper' {
  interface TestNode {
    id: string;
    receive(msg: object): void;
    on(event: string, cb: (arg: never) => void): void;
  }
  const helper: {
    init(runtimePath?: string, settings?: object): void;
    settings(settings: object): object;
    load(nodes: unknown, flow: object[], credentials?: object): Promise<void>;
    unload(): Promise<void>;
    getNode(id: string): TestNode;
    startServer(): Promise<void>;
    stopServer(): Promise<void>;
  };
  export default helper;
}
