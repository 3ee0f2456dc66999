// Type declarations of watchparty.js, the client of the watch-party sync service.

/** A status as the service stores and answers it (POST body plus the server's timestamp). */
export interface PlayerStatus {
  userId: string;
  roomCode: string;
  isHost: boolean;
  content: { title: string; type: string; tmdbId?: number | string; seasonId?: number | string;
    episodeId?: number | string; seasonNumber?: number; episodeNumber?: number };
  player: {
    isPlaying: boolean; isPaused: boolean; isLoading: boolean; hasPlayedOnce: boolean;
    /** Seconds. */ time: number; duration: number; volume: number; playbackRate: number; buffered: number;
    /** The server-clock instant (epoch ms) `time` was sampled at, when the client sent it. */
    sampledAt?: number;
  };
  /** The server's clock on receipt (epoch ms). */
  timestamp: number;
}

export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'closed';
export type Transport = 'websocket' | 'sse' | 'poll';
export type Role = 'host' | 'follower';

export interface Member {
  userId: string;
  isHost: boolean;
  /** Seconds ahead of the host (negative: behind), from the server's drift view; null until known. */
  drift: number | null;
  action: 'none' | 'rate' | 'seek';
  playing: boolean;
  /** This connection's own user. */
  you: boolean;
}

/** The server's drift view (`GET /api/player/sync`, and `sync` messages). */
export interface SyncView {
  roomCode: string;
  serverTime: number;
  host: { userId: string; position: number; playing: boolean; playbackRate: number } | null;
  members: Array<{ userId: string; position: number; playing: boolean; playbackRate: number; drift: number;
    action: 'none' | 'rate' | 'seek'; suggestedRate?: number; seekTo?: number }>;
}

export interface PartyEvents {
  state: { state: ConnectionState; transport: Transport | null };
  snapshot: { id: number; serverTime: number; host: string | null; roomCode: string;
    users: Record<string, PlayerStatus[]> };
  status: PlayerStatus;
  leave: { userId: string; reason: 'expired' | 'closed' };
  host: { userId: string | null };
  sync: SyncView;
  members: Member[];
  clock: { offset: number; error: number };
  error: Error;
  role: { role: Role };
  /** The follower's own error against the host, seconds (positive: ahead), each control step. */
  'sync-error': { error: number; action: string; playbackRate: number };
  /** The browser refused to play unmuted: the element was muted and will play. */
  'autoplay-muted': { error: Error };
  /** The browser refused to play even muted: ask the user for a tap, then call player.resume(). */
  'autoplay-blocked': { error: Error };
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(id: unknown): void;
}

export interface ConnectOptions {
  /** The service's origin, e.g. "https://party.example.com" (default: the page's). */
  url?: string;
  roomCode: string;
  /** Optional for a listener; needed to send statuses and to be a member. */
  userId?: string;
  /** Preference order; a transport that never opens is left after `fallbackAfter` tries. */
  transports?: Transport[];
  fallbackAfter?: number;
  /** Clock pings: every `pingIntervalMs` (30 s), and `burst` of them on each (re)connect. */
  pingIntervalMs?: number;
  burst?: number;
  burstSpacingMs?: number;
  pollIntervalMs?: number;
  /** Stand-ins for tests and for Node: */
  WebSocket?: unknown;
  EventSource?: unknown;
  fetch?: typeof fetch;
  now?: () => number;
  random?: () => number;
  timers?: Timers;
}

export class Party {
  readonly roomCode: string;
  readonly userId: string | null;
  readonly state: ConnectionState;
  readonly transport: Transport | null;
  readonly lastEventId: number | null;
  readonly host: string | null;
  readonly users: Map<string, PlayerStatus>;
  readonly syncView: SyncView | null;
  readonly clock: ClockSync;
  readonly timers: Timers;
  on<K extends keyof PartyEvents>(type: K, handler: (detail: PartyEvents[K]) => void): () => void;
  /** The server's clock now (epoch ms). */
  serverNow(): number;
  /** The local clock (ms) the party times with. */
  localNow(): number;
  /** Sends this user's status; resolves with the server's timestamp once stored. */
  sendStatus(body: Partial<Omit<PlayerStatus, 'timestamp'>>): Promise<number>;
  members(): Member[];
  attach(media: HTMLMediaElement, options?: AttachOptions): Player;
  close(): void;
}

export function connect(options: ConnectOptions): Party;

export interface FollowOptions {
  correctionBand?: number; settledBand?: number; gain?: number; maxRateChange?: number;
  seekThreshold?: number; pausedTolerance?: number; seekLead?: number; bufferingSeekPause?: number;
  seekSettle?: number;
}

export interface AttachOptions {
  /** 'host' claims the room; 'follower' (default) follows, and leads if the service makes it host. */
  role?: Role;
  /** What is on screen, sent with every status. */
  content?: PlayerStatus['content'];
  tickMs?: number;
  reportIntervalMs?: number;
  followerReportIntervalMs?: number;
  pausedReportIntervalMs?: number;
  /** A follower reports this long after it settles from a correction, a pause or a seek. */
  settledReportDelayMs?: number;
  refreshAfterMs?: number[];
  loadingAfterMs?: number;
  follow?: FollowOptions;
}

export class Player {
  readonly role: Role;
  /** The follower's last error against the host (seconds, positive: ahead), or null; 0 as host. */
  readonly syncError: number | null;
  /** Corrective seeks made as a follower. */
  readonly seeks: number;
  /** Plays after `autoplay-blocked`: call it from a user's tap. */
  resume(): Promise<void>;
  detach(): void;
}

export class ClockSync {
  constructor(options?: { now?: () => number; window?: number });
  readonly synced: boolean;
  readonly samples: number;
  /** Server clock minus local clock (ms). */
  offset: number;
  /** Bound of the offset's error (ms): half the best round trip. */
  error: number;
  addSample(t0: number, t1: number, t2: number, t3: number): { rtt: number; offset: number };
  serverNow(): number;
}

export interface MediaLike {
  currentTime: number; readonly paused: boolean; playbackRate: number; readonly seeking: boolean;
  readonly duration: number; muted: boolean; play(): Promise<void> | void; pause(): void;
}

export class Follower {
  constructor(media: MediaLike, options: FollowOptions & { serverNow: () => number; now?: () => number;
    onPlayFailed?: (error: unknown) => void });
  seekLead: number;
  seeks: number;
  lastError: number | null;
  readonly target: PlayerStatus | null;
  setTarget(status: PlayerStatus): void;
  setBuffering(on: boolean): void;
  seeked(): void;
  hostPosition(): number | null;
  tick(): { error: number | null; action: 'none' | 'rate' | 'seek' | 'pause' | 'seeking' | 'buffering' };
}

export const FOLLOW_DEFAULTS: Readonly<Required<FollowOptions>>;
export function backoffDelay(attempt: number, options?: { base?: number; cap?: number; random?: () => number }): number;
export function isAdvancing(player: PlayerStatus['player'] | undefined): boolean;
export function positionAt(status: PlayerStatus, serverNow: number): number;
