// The normalized Compose model the engine works on. The loader turns a compose.yaml (after
// interpolation and validation) into this; nothing downstream reads raw YAML.

export type DependencyCondition = 'service_started' | 'service_healthy' | 'service_completed_successfully';

export interface Dependency {
  condition: DependencyCondition;
  /** Compose's `required: false`: a missing dependency is skipped instead of failing. */
  required: boolean;
}

export interface HealthCheck {
  /**
   * Docker's form: ['CMD', ...args] | ['CMD-SHELL', command] | ['NONE'] (disabled). [] means "the
   * image's own HEALTHCHECK test" (the file set only interval/retries/...).
   */
  test: string[];
  intervalMs: number;
  timeoutMs: number;
  retries: number;
  startPeriodMs: number;
}

export interface PortMapping {
  /** '' means all interfaces. */
  hostIp: string;
  /** 0: the engine picks a free port (`- "80"` or `127.0.0.1::80` in the file). */
  hostPort: number;
  containerPort: number;
  protocol: 'tcp' | 'udp';
}

export interface Mount {
  type: 'volume' | 'bind';
  /** Volume key from the top-level `volumes:` for type volume; absolute host path for bind. */
  source: string;
  target: string;
  readOnly: boolean;
}

/**
 * A file the container sees at `target`, from a top-level config (Compose `configs:`). Never a
 * bind mount: the launcher reads the file where it runs and copies it into the container before
 * the container starts, so the engine may be on another machine (lifecycle/config-files.ts).
 */
export interface ConfigMount {
  /** Config key from the top-level `configs:`. */
  source: string;
  /** Absolute path in the container (default `/<source>`, as Compose has it). */
  target: string;
  uid: number;
  gid: number;
  /** Permission bits (default 0o444, as Swarm has it). */
  mode: number;
}

export interface ConfigSpec {
  key: string;
  /** Absolute path of the file on the launcher's machine. */
  file: string;
}

export interface BuildSpec {
  /** Absolute path. */
  context: string;
  /** Relative to the context. */
  dockerfile: string;
  args: Record<string, string>;
  target?: string;
}

export interface Ulimit {
  name: string;
  soft: number;
  hard: number;
}

export interface ServiceSpec {
  name: string;
  image: string;
  build?: BuildSpec;
  command?: string[];
  entrypoint?: string[];
  environment: Record<string, string>;
  ports: PortMapping[];
  mounts: Mount[];
  /** Files copied into the container before it starts; set only when some (keeps other hashes). */
  configs?: ConfigMount[];
  /** Network keys from the top-level `networks:`. */
  networks: string[];
  /** Fixed IPv4 addresses by network key (Compose `networks: { key: { ipv4_address } }`); set only when some. */
  ipv4Addresses?: Record<string, string>;
  dependsOn: Record<string, Dependency>;
  healthcheck?: HealthCheck;
  restart: 'no' | 'always' | 'on-failure' | 'unless-stopped';
  labels: Record<string, string>;
  user?: string;
  workingDir?: string;
  hostname?: string;
  stopGracePeriodMs: number;
  stopSignal?: string;
  memLimitBytes?: number;
  ulimits: Ulimit[];
  logging?: { driver: string; options: Record<string, string> };
  /** Compose `profiles:` (set only when the file names some): the service runs when one is enabled. */
  profiles?: string[];
  /** Full access to the host (only set when true in the file). */
  privileged?: boolean;
}

export interface NetworkSpec {
  key: string;
  /** Name on the engine: `<project>_<key>` unless `name:` or `external` says otherwise. */
  name: string;
  driver: string;
  internal: boolean;
  external: boolean;
  labels: Record<string, string>;
  /** Compose `ipam:` (set only when the file has one): fixed subnets, e.g. for a fixed `ipv4_address`. */
  ipam?: NetworkIpam;
}

export interface NetworkIpam {
  driver?: string;
  config: Array<{ subnet: string; ipRange?: string; gateway?: string }>;
}

export interface VolumeSpec {
  key: string;
  /** Name on the engine: `<project>_<key>` unless `name:` or `external` says otherwise. */
  name: string;
  driver: string;
  external: boolean;
  labels: Record<string, string>;
}

/** Compose `update_config` / `rollback_config`: how Swarm replaces a service's tasks (unset: its defaults). */
export interface UpdatePolicySpec {
  parallelism?: number;
  delayMs?: number;
  failureAction?: 'continue' | 'rollback' | 'pause';
  /** How long each new task is watched for a failure. */
  monitorMs?: number;
  maxFailureRatio?: number;
  order?: 'stop-first' | 'start-first';
}

/** Compose `deploy:` (the subset a Swarm deployment reads). */
export interface DeploySpec {
  replicas?: number;
  updateConfig?: UpdatePolicySpec;
  rollbackConfig?: UpdatePolicySpec;
  /** `placement.constraints`, e.g. `node.labels.status.data == true`. */
  placementConstraints?: string[];
}

export interface ComposeProject {
  /** Compose project name (lowercase, [a-z0-9_-]). */
  name: string;
  /** Folder of the compose file: relative paths resolve from here. */
  workingDir: string;
  /** Absolute paths of the files loaded. */
  configFiles: string[];
  /** The active services: those without profiles, and those with an enabled profile. */
  services: Record<string, ServiceSpec>;
  /**
   * Enabled Compose profiles (COMPOSE_PROFILES, comma-separated; `*` enables all), sorted. Absent
   * in projects built by hand (tests): no profile enabled.
   */
  profiles?: string[];
  /**
   * Services left out because none of their profiles is enabled, with their profiles: never planned,
   * pulled, started or reported missing. Their containers, if any, are still the project's (labels),
   * so down and reset remove them.
   */
  inactiveServices?: Record<string, string[]>;
  networks: Record<string, NetworkSpec>;
  volumes: Record<string, VolumeSpec>;
  /** Top-level `configs:` (absent in projects built by hand, and in files without any). */
  configs?: Record<string, ConfigSpec>;
  /**
   * Each active service's `deploy:` by service name (only those with one), read by a Swarm deployment
   * alone. Kept out of ServiceSpec on purpose: on one machine there is one container per service on
   * one engine (replicas of a service would share its name, ports and volumes), and `up`'s start
   * order and health gates stand in for update_config, so `deploy:` must not change a container or
   * its configuration hash.
   */
  deploy?: Record<string, DeploySpec>;
}
