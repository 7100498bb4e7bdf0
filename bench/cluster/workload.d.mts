import type { ClientOptions, WebIMClient } from '../../src/core/types';
import type { ConversationKey, MessageType } from '../../src/protocol/types';

export interface WorkloadSdk {
  createClient(options: ClientOptions): WebIMClient;
  conversationKey(type: MessageType, id: string): ConversationKey;
}

export interface WorkloadOptions {
  sdk: WorkloadSdk;
  siteUrl: string;
  users: readonly string[];
  spread?: boolean;
  messagesPerUser?: number;
  intervalMs?: number;
  loginConcurrency?: number;
  connectTimeoutMs?: number;
  settleMs?: number;
  afterLogin?: () => Promise<void>;
  beforeChat?: () => Promise<void>;
  afterChat?: () => Promise<void>;
  disrupt?: { atMs: number; nodeIndex: number; run: () => Promise<void> };
  transport?: 'mqtt' | 'websocket';
  clientOptions?: Partial<ClientOptions>;
  log?: (line: string) => void;
}

export interface WorkloadResult {
  users: number;
  expected: number;
  delivered: number;
  loginMs: number;
  loginP50: number;
  loginP95: number;
  latencies: number[];
  p50: number;
  p95: number;
  p99: number;
  messagesPerSecond: number;
  lost: number;
  /** Lost at receivers that never lost their own connection (the site's side lost them). */
  lostAtConnected: number;
  duplicated: number;
  wireDuplicates: number;
  outOfOrder: number;
  failedSends: number;
  affected: number;
  notRecovered: number;
  recoveryP50: number;
  recoveryP95: number;
  errors: number;
  errorSamples: string[];
}

export function rotateBrokerUrls(index: number): (reply: unknown) => unknown;
export function runChatWorkload(options: WorkloadOptions): Promise<WorkloadResult>;
