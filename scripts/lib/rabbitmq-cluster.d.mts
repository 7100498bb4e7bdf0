import type { ChildProcess } from 'node:child_process';

/** Where RabbitMQ is missing, the message that says how to get it. */
export const INSTALL_HINT: string;

/** Whether Debian's rabbitmq-server (its scripts under /usr/lib/rabbitmq/bin) and epmd are present. */
export function rabbitmqAvailable(): boolean;

/** CPU time (user + system, seconds) process `pid` has used so far, from /proc; NaN when it is gone. */
export function processCpuSeconds(pid: number | undefined): number;

/** A port the OS considers free on loopback right now. */
export function freePort(): Promise<number>;

export interface RabbitmqNode {
  readonly index: number;
  /** Erlang node name, e.g. `webim1a2b3c-1@localhost`. */
  readonly name: string;
  readonly webMqttPort: number;
  readonly mqttPort: number;
  readonly distributionPort: number;
  /** `ws://127.0.0.1:<port>/ws` — what browsers connect to. */
  readonly webMqttUrl: string;
  /** `mqtt://127.0.0.1:<port>` — what the site publishes through. */
  readonly mqttUrl: string;
  readonly logFile: string;
  readonly process: ChildProcess | undefined;
}

export interface RabbitmqCluster {
  readonly directory: string;
  readonly siteUser: string;
  readonly sitePassword: string;
  readonly epmd: { readonly port: number; readonly process: ChildProcess | undefined };
  readonly nodes: readonly RabbitmqNode[];
  /** Crashes node `index` with SIGKILL. */
  kill(index: number): Promise<void>;
  /** CPU seconds node `index` has used so far (NaN when it is not running). */
  cpuSeconds(index: number): number;
  /** Resident memory of node `index` in bytes (0 when it is not running). */
  memoryBytes(index: number): number;
  /** Established TCP connections on node `index`'s web-MQTT port (from `ss`; NaN when `ss` is missing). */
  webMqttConnections(index: number): number;
  /** Erlang processes and Erlang-allocated bytes of node `index` (one `rabbitmqctl eval`). */
  vmStatistics(index: number): Promise<{ processes: number; erlangBytes: number }>;
  /** Running node names as node `index` sees them (one `rabbitmqctl` call). */
  runningNodes(index?: number): Promise<string[]>;
  /** Stops every node and epmd by pid, removes the directory. */
  stop(): Promise<void>;
}

export interface RabbitmqClusterOptions {
  /** The site serving `/mqtt/auth/*`, e.g. `http://127.0.0.1:8080`. */
  authBaseUrl: string;
  nodeCount?: number;
  siteUser?: string;
  sitePassword?: string;
  /** Fixed ports (web-MQTT basePort+i); without it every port is a free one the OS picked. */
  basePort?: number;
  log?: (line: string) => void;
  bootTimeoutMs?: number;
  verifyMembership?: boolean;
  keepDirectoryOnFailure?: boolean;
  /** Aborting stops a boot half-way: what was started is stopped and the promise rejects. */
  signal?: AbortSignal;
}

export function startRabbitmqCluster(options: RabbitmqClusterOptions): Promise<RabbitmqCluster>;

/** Synchronous last resort for process 'exit' handlers: SIGKILL by pid, remove the directory. */
export function killClusterNow(cluster: RabbitmqCluster): void;
