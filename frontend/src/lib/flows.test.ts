import { describe, expect, it } from 'vitest';
import { editorUrl, endpointUrl, mashupsFromFlows, type FlowNode } from './flows';

const nodes: FlowNode[] = [
  { id: 't1', type: 'tab', label: 'Check tickets', info: 'Counts open tickets' },
  { id: 't2', type: 'tab', label: 'Scratch', info: '' },
  { id: 't3', type: 'tab', label: 'Audit', disabled: true },
  { id: 'n1', type: 'http in', z: 't1', url: '/tickets', method: 'post' },
  { id: 'n2', type: 'function', z: 't1' },
  { id: 'n3', type: 'http response', z: 't1' },
  { id: 'n4', type: 'inject', z: 't2' },
  { id: 'n5', type: 'http in', z: 't3', url: '/audit', method: 'get' },
  { id: 's1', type: 'subflow', name: 'helper' },
  { id: 'n6', type: 'http in', z: 's1', url: '/inside-subflow' },
  { id: 'c1', type: 'mqtt-broker' },
];

describe('mashupsFromFlows', () => {
  it('keeps the tabs with an http-in node, with its url, info and node count', () => {
    expect(mashupsFromFlows(nodes)).toEqual([
      {
        id: 't3',
        label: 'Audit',
        info: '',
        endpoints: [{ url: '/audit', method: 'GET' }],
        numNodes: 1,
        disabled: true,
      },
      {
        id: 't1',
        label: 'Check tickets',
        info: 'Counts open tickets',
        endpoints: [{ url: '/tickets', method: 'POST' }],
        numNodes: 3,
        disabled: false,
      },
    ]);
  });

  it('gives nothing for a flow configuration without http-in tabs', () => {
    expect(mashupsFromFlows([{ id: 't', type: 'tab' }])).toEqual([]);
  });
});

describe('Node-RED links', () => {
  it('opens the editor at the flow and shows the endpoint under httpNodeRoot', () => {
    expect(editorUrl('/node-red/', 't1')).toBe('/node-red/#flow/t1');
    expect(endpointUrl('/node-red', '/tickets')).toBe('/node-red/api/v1/tickets');
  });
});
