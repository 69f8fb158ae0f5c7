// What a Swarm deployment is made of, as the Engine API takes it.

/**
 * `host`: published ports on the node's own interfaces (no kernel IPVS needed, clients' addresses
 * kept), the door runs once per node, services are found by DNS round robin. `mesh`: Swarm's
 * routing mesh (ingress): any node answers on the port and forwards to a task, virtual IPs.
 */
export type Routing = 'host' | 'mesh';

/** A Swarm secret or config to create (its name is content-addressed: never updated in place). */
export interface SwarmObject {
  Name: string;
  /** base64 */
  Data: string;
  Labels: Record<string, string>;
}

export interface SwarmNetwork {
  Name: string;
  Driver: 'overlay';
  Attachable: true;
  Internal: boolean;
  Labels: Record<string, string>;
  IPAM?: { Driver: string; Config: Array<{ Subnet: string; Gateway?: string }> };
}

export interface FileRef {
  File: { Name: string; UID: string; GID: string; Mode: number };
  SecretName?: string;
  SecretID?: string;
  ConfigName?: string;
  ConfigID?: string;
}

/** The Engine API's ServiceSpec, as much of it as we set. */
export interface SwarmServiceSpec {
  Name: string;
  Labels: Record<string, string>;
  TaskTemplate: {
    ContainerSpec: {
      Image: string;
      Labels: Record<string, string>;
      Command?: string[];
      Args?: string[];
      Env: string[];
      Hostname?: string;
      Dir?: string;
      User?: string;
      StopGracePeriod: number;
      StopSignal?: string;
      Healthcheck?: {
        Test: string[];
        Interval: number;
        Timeout: number;
        Retries: number;
        StartPeriod: number;
      };
      Mounts: Array<{
        Type: 'volume';
        Source: string;
        Target: string;
        ReadOnly: boolean;
        VolumeOptions: { Labels: Record<string, string>; DriverConfig: { Name: string } };
      }>;
      Secrets: FileRef[];
      Configs: FileRef[];
      Ulimits?: Array<{ Name: string; Soft: number; Hard: number }>;
    };
    Resources?: { Limits: { MemoryBytes: number } };
    RestartPolicy: { Condition: 'none' | 'on-failure' | 'any'; Delay: number };
    Placement: { Constraints: string[] };
    Networks: Array<{ Target: string; Aliases: string[] }>;
    LogDriver?: { Name: string; Options: Record<string, string> };
  };
  Mode: { Replicated: { Replicas: number } } | { Global: Record<string, never> };
  UpdateConfig: UpdatePolicy;
  RollbackConfig: UpdatePolicy;
  EndpointSpec: {
    Mode: 'vip' | 'dnsrr';
    Ports: Array<{
      Protocol: 'tcp' | 'udp';
      TargetPort: number;
      PublishedPort?: number;
      PublishMode: 'host' | 'ingress';
    }>;
  };
}

export interface UpdatePolicy {
  Parallelism: number;
  Delay: number;
  FailureAction: 'rollback' | 'pause' | 'continue';
  /** How long a new task is watched for a failure before the next one is updated (ns). */
  Monitor: number;
  MaxFailureRatio: number;
  Order: 'start-first' | 'stop-first';
}

export interface PlannedService {
  service: string;
  spec: SwarmServiceSpec;
  /** Of the whole spec: unchanged means nothing to do. */
  specHash: string;
  /** Of the task template: changed means Swarm replaces the tasks (a rolling update). */
  taskHash: string;
}

export interface SwarmPlan {
  project: string;
  networks: SwarmNetwork[];
  secrets: SwarmObject[];
  configs: SwarmObject[];
  /** Data services first. */
  services: PlannedService[];
  /** What the Compose file asks for that a Swarm cannot do, and what is done instead. */
  notes: string[];
}
