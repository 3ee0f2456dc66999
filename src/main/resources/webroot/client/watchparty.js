// watchparty.js: the client of the watch-party sync service, for browsers and Node.
//
//   import { connect } from '/client/watchparty.js';
//   const party = connect({ url: location.origin, roomCode: 'ROOM42', userId: 'alice' });
//   const player = party.attach(document.querySelector('video'), { role: 'host' });
//   party.on('members', (members) => render(members));
//
// One dependency-free ES module. Pure parts (clock sync, back-off, the host's position, the
// follower's corrections) are exported on their own so that they are tested without a browser.

/** Wall-clock milliseconds with sub-millisecond precision where the platform has it. */
function defaultNow() {
  const p = globalThis.performance;
  return p && typeof p.timeOrigin === 'number' ? p.timeOrigin + p.now() : Date.now();
}

const defaultTimers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (id) => clearTimeout(id),
  setInterval: (fn, ms) => setInterval(fn, ms),
  clearInterval: (id) => clearInterval(id),
};

/** A minimal event emitter: on() returns the function that removes the handler. */
class Emitter {
  #handlers = new Map();

  on(type, fn) {
    if (!this.#handlers.has(type)) this.#handlers.set(type, new Set());
    this.#handlers.get(type).add(fn);
    return () => this.#handlers.get(type)?.delete(fn);
  }

  emit(type, detail) {
    for (const fn of [...(this.#handlers.get(type) ?? [])]) {
      try {
        fn(detail);
      } catch (e) {
        // a page's handler must not break the client's own loop
        globalThis.console?.error?.(e);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Clock sync

/**
 * The server's clock as seen from here, NTP-style. Each sample is one ping: t0 sent, t1 and t2
 * the server's receive and send times, t3 received. The offset comes from the sample with the
 * least round trip among the last `window`: queueing delays only ever add to a round trip, so
 * the fastest one is the least skewed by an asymmetric path. Its half round trip bounds the
 * offset's error.
 */
export class ClockSync {
  #samples = [];
  #window;
  #now;
  offset = 0;
  error = Infinity;

  constructor({ now = defaultNow, window = 8 } = {}) {
    this.#now = now;
    this.#window = window;
  }

  get synced() {
    return this.#samples.length > 0;
  }

  get samples() {
    return this.#samples.length;
  }

  addSample(t0, t1, t2, t3) {
    const rtt = Math.max(0, t3 - t0 - (t2 - t1));
    const offset = (t1 - t0 + (t2 - t3)) / 2;
    this.#samples.push({ rtt, offset });
    if (this.#samples.length > this.#window) this.#samples.shift();
    let best = this.#samples[0];
    for (const s of this.#samples) if (s.rtt < best.rtt) best = s;
    this.offset = best.offset;
    // the server's clock is stamped in whole milliseconds: half a millisecond more of doubt
    this.error = best.rtt / 2 + 0.5;
    return { rtt, offset };
  }

  /** The server's clock now, in epoch milliseconds. */
  serverNow() {
    return this.#now() + this.offset;
  }
}

/**
 * The delay before reconnect attempt `attempt` (0 first): exponential from `base`, capped, with
 * "equal jitter" (half fixed, half random) so that clients cut off together do not return
 * together, yet none retries at once.
 */
export function backoffDelay(attempt, { base = 500, cap = 15000, random = Math.random } = {}) {
  const ceiling = Math.min(cap, base * 2 ** Math.min(attempt, 30));
  return ceiling / 2 + random() * (ceiling / 2);
}

// ---------------------------------------------------------------------------------------------
// Positions and the follower's corrections

/** Whether a reported player is advancing: playing, not paused, not loading. */
export function isAdvancing(player) {
  return Boolean(player && player.isPlaying && !player.isPaused && !player.isLoading);
}

/**
 * Where a reported player is at server time `serverNow` (ms): its time, advanced at its rate
 * since the instant it was sampled (`player.sampledAt`, else the server's receipt `timestamp`)
 * while it plays, capped at its duration.
 */
export function positionAt(status, serverNow) {
  const p = status.player;
  if (!isAdvancing(p)) return p.time;
  const since = p.sampledAt ?? status.timestamp;
  const advanced = p.time + (Math.max(0, serverNow - since) / 1000) * (p.playbackRate || 1);
  return p.duration > 0 ? Math.min(advanced, p.duration) : advanced;
}

/** How a follower corrects; every figure in seconds unless named otherwise. */
export const FOLLOW_DEFAULTS = Object.freeze({
  /** Start correcting by speed past this error, stop once back under `settledBand`. */
  correctionBand: 0.02,
  settledBand: 0.008,
  /** Speed change per second of error: 0.05 s off plays at 10 % off the host's speed. */
  gain: 2,
  /** The largest speed change, as a fraction of the host's rate (0.1: 0.9x to 1.1x). */
  maxRateChange: 0.1,
  /** Past this error a seek is quicker than a speed change. */
  seekThreshold: 0.25,
  /** While paused, a gap larger than this is closed by a seek. */
  pausedTolerance: 0.02,
  /** First guess of how long a seek takes before playback goes on (learned from each seek). */
  seekLead: 0.08,
  /** No second corrective seek sooner than this after one while buffering (ms). */
  bufferingSeekPause: 4000,
  /** The landing of a seek is judged this long after it completes (ms). */
  seekSettle: 250,
});

/**
 * Follows a host with a media element: pure decisions on a small media interface
 * (currentTime, paused, playbackRate, seeking, play(), pause()), driven by tick(). Small drift is
 * closed by a proportional playbackRate change within bounds; large drift by a seek aimed where
 * the host will be once the seek is done; the host's pause, play, seek and rate are applied at
 * once. While the element buffers it does not stack seeks.
 */
export class Follower {
  #media;
  #serverNow;
  #now;
  #o;
  #target = null;
  #correcting = false;
  #buffering = false;
  #seek = null; // {issuedAt, landedAt, rate} of the corrective seek in flight
  #lastSeekAt = -Infinity;
  #onPlayFailed;
  seekLead;
  seeks = 0;
  lastError = null;

  /**
   * @param media the element (or a stand-in)
   * @param serverNow the server's clock (ms)
   * @param now the local monotonic clock (ms), for timing seeks
   * @param onPlayFailed called with the error when play() is refused
   */
  constructor(media, { serverNow, now = defaultNow, onPlayFailed = () => {}, ...options } = {}) {
    this.#media = media;
    this.#serverNow = serverNow;
    this.#now = now;
    this.#o = { ...FOLLOW_DEFAULTS, ...options };
    this.seekLead = this.#o.seekLead;
    this.#onPlayFailed = onPlayFailed;
  }

  get target() {
    return this.#target;
  }

  /** The host's latest status; a change of its state is applied on the next tick. */
  setTarget(status) {
    this.#target = status;
  }

  /** The element is waiting for data (`waiting`/`stalled`) or has it again (`playing`). */
  setBuffering(on) {
    this.#buffering = on;
  }

  /** The element finished a seek (`seeked`). */
  seeked() {
    if (this.#seek && this.#seek.landedAt == null) this.#seek.landedAt = this.#now();
  }

  /** The host's position at this instant (seconds), or null without a host. */
  hostPosition() {
    return this.#target ? positionAt(this.#target, this.#serverNow()) : null;
  }

  /** One control step: returns {error, action} (error in seconds, positive: ahead). */
  tick() {
    const m = this.#media;
    const t = this.#target;
    if (!t) return { error: null, action: 'none' };
    const o = this.#o;
    const hostRate = t.player.playbackRate || 1;
    const host = positionAt(t, this.#serverNow());
    if (m.seeking) return this.#result(m.currentTime - host, 'seeking');

    if (!isAdvancing(t.player)) {
      this.#correcting = false;
      this.#seek = null;
      if (!m.paused) m.pause();
      this.#setRate(hostRate);
      if (Math.abs(m.currentTime - host) > o.pausedTolerance) {
        this.#seekTo(host, null);
        return this.#result(m.currentTime - host, 'seek');
      }
      return this.#result(m.currentTime - host, 'pause');
    }

    if (m.paused) {
      // a seek that waits for a start is not a measure of seeking: it teaches nothing
      if (this.#seek) this.#seek.aimed = false;
      this.#play();
    }
    const error = m.currentTime - host;

    // a corrective seek is judged once playback has gone on after it: its landing error teaches
    // how far ahead the next one must aim
    if (this.#seek) {
      if (this.#seek.landedAt == null) this.#seek.landedAt = this.#now(); // done, its `seeked` unseen
      if (this.#now() - this.#seek.landedAt < o.seekSettle) {
        return this.#result(error, 'seeking');
      }
      const missedBy = -error / hostRate; // seconds of host time the seek fell short by
      if (this.#seek.aimed) this.seekLead = Math.min(2, Math.max(0, this.seekLead + missedBy));
      this.#seek = null;
    }

    if (Math.abs(error) > o.seekThreshold) {
      const storm = this.#buffering && this.#now() - this.#lastSeekAt < o.bufferingSeekPause;
      if (!storm) {
        this.#correcting = false;
        this.#setRate(hostRate);
        this.#seekTo(host + this.seekLead * hostRate, hostRate);
        return this.#result(error, 'seek');
      }
    }
    if (this.#buffering) {
      // the element stands still while it waits: a speed change would do nothing but linger
      this.#setRate(hostRate);
      return this.#result(error, 'buffering');
    }
    const abs = Math.abs(error);
    if (!this.#correcting && abs > o.correctionBand) this.#correcting = true;
    else if (this.#correcting && abs < o.settledBand) this.#correcting = false;
    if (!this.#correcting) {
      this.#setRate(hostRate);
      return this.#result(error, 'none');
    }
    const change = Math.max(-o.maxRateChange, Math.min(o.maxRateChange, -error * o.gain));
    this.#setRate(hostRate * (1 + change));
    return this.#result(error, 'rate');
  }

  #result(error, action) {
    this.lastError = error;
    return { error, action };
  }

  #setRate(rate) {
    const rounded = Math.round(rate * 1000) / 1000;
    if (Math.abs(this.#media.playbackRate - rounded) >= 0.001) this.#media.playbackRate = rounded;
  }

  #seekTo(position, rate) {
    const m = this.#media;
    const duration = Number.isFinite(m.duration) && m.duration > 0 ? m.duration : Infinity;
    m.currentTime = Math.max(0, Math.min(position, duration));
    this.seeks += 1;
    this.#lastSeekAt = this.#now();
    // only a seek while playing aims ahead of the host; it alone teaches the lead
    this.#seek = rate == null ? null : { issuedAt: this.#now(), landedAt: null, aimed: true };
  }

  #play() {
    let result;
    try {
      result = this.#media.play();
    } catch (e) {
      this.#onPlayFailed(e);
      return;
    }
    if (result && typeof result.catch === 'function') result.catch((e) => this.#onPlayFailed(e));
  }
}

// ---------------------------------------------------------------------------------------------
// The connection

const WS_PATH = '/api/player/ws';
const EVENTS_PATH = '/api/player/events';
const STATUS_PATH = '/api/player/status';

function query(params) {
  return Object.entries(params)
    .filter(([, v]) => v != null && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');
}

/**
 * Follows one room. Transports in order of preference: a WebSocket (events, statuses and clock
 * pings on one connection, resumed from the last event id after a drop); Server-Sent Events
 * with statuses POSTed when WebSockets are blocked; polling the seed's GET every second as the
 * last resort. Emits: 'state' {state, transport}, 'snapshot', 'status', 'leave', 'host'
 * {userId}, 'sync' (the server's drift view), 'members', 'clock' {offset, error}, 'error'.
 */
export class Party extends Emitter {
  state = 'connecting';
  transport = null;
  /** The id of the last event seen, for resuming. */
  lastEventId = null;
  /** The room's host (userId) as the service last said, or null. */
  host = null;
  /** Each member's latest status, by userId. */
  users = new Map();
  /** The server's last drift view, {host, members}, or null. */
  syncView = null;
  clock;

  #o;
  #timers;

  /** setTimeout and friends (the `timers` option, for tests), shared with attached players. */
  get timers() {
    return this.#timers;
  }

  #url;
  #ws = null;
  #es = null;
  #pollTimer = null;
  #retryTimer = null;
  #pingTimer = null;
  #burstTimers = [];
  #attempt = 0;
  #failures = { websocket: 0, sse: 0 };
  #transports;
  #pending = [];
  #closed = false;
  #opened = new Set();

  constructor(options) {
    super();
    const { url, roomCode, userId } = options;
    if (!roomCode) throw new TypeError('roomCode is required');
    this.#o = {
      transports: ['websocket', 'sse', 'poll'],
      pingIntervalMs: 30000,
      burst: 8,
      burstSpacingMs: 75,
      pollIntervalMs: 1000,
      fallbackAfter: 2,
      WebSocket: globalThis.WebSocket,
      EventSource: globalThis.EventSource,
      fetch: globalThis.fetch?.bind(globalThis),
      now: defaultNow,
      random: Math.random,
      ...options,
    };
    this.#url = String(url ?? globalThis.location?.origin ?? '').replace(/\/+$/, '');
    this.roomCode = roomCode;
    this.userId = userId ?? null;
    this.#timers = options.timers ?? defaultTimers;
    this.clock = new ClockSync({ now: this.#o.now });
    this.#transports = this.#o.transports.filter((t) => this.#available(t));
    this.#open();
  }

  /** The server's clock now (ms). */
  serverNow() {
    return this.clock.serverNow();
  }

  /** The local clock (ms) the party times with (the `now` option). */
  localNow() {
    return this.#o.now();
  }

  /** Sends this user's status; resolves with the server's timestamp once stored. */
  sendStatus(body) {
    const status = { userId: this.userId, roomCode: this.roomCode, ...body };
    if (this.transport === 'websocket' && this.#ws?.readyState === 1) {
      return new Promise((resolve, reject) => {
        this.#pending.push({ resolve, reject });
        this.#ws.send(JSON.stringify({ type: 'status', ...status }));
      });
    }
    return this.#post(status);
  }

  /** Follows (or leads) the room with a media element; see {@link Player}. */
  attach(media, options = {}) {
    return new Player(this, media, options);
  }

  close() {
    this.#closed = true;
    this.#teardown();
    this.#setState('closed');
  }

  // --- transports

  #available(transport) {
    if (transport === 'websocket') return typeof this.#o.WebSocket === 'function';
    if (transport === 'sse') return typeof this.#o.EventSource === 'function' && typeof this.#o.fetch === 'function';
    return typeof this.#o.fetch === 'function';
  }

  #current() {
    // a transport that worked once is kept; one that never opened is left after a few tries
    for (const t of this.#transports) {
      if (t === 'poll' || this.#opened.has(t) || this.#failures[t] < this.#o.fallbackAfter) return t;
    }
    return 'poll';
  }

  #open() {
    if (this.#closed) return;
    const transport = this.#current();
    this.transport = transport;
    this.#setState(this.#attempt === 0 && this.#opened.size === 0 ? 'connecting' : 'reconnecting');
    if (transport === 'websocket') this.#openWebSocket();
    else if (transport === 'sse') this.#openEventSource();
    else this.#startPolling();
  }

  #dropped(transport, everOpened) {
    if (this.#closed) return;
    this.#teardown();
    if (!everOpened) this.#failures[transport] = (this.#failures[transport] ?? 0) + 1;
    const next = this.#current();
    if (next !== transport && !everOpened) {
      this.#attempt = 0;
      this.#open(); // another transport: no reason to wait
      return;
    }
    this.#setState('reconnecting');
    const delay = backoffDelay(this.#attempt++, { random: this.#o.random });
    this.#retryTimer = this.#timers.setTimeout(() => this.#open(), delay);
  }

  #teardown() {
    this.#timers.clearTimeout(this.#retryTimer);
    this.#timers.clearInterval(this.#pingTimer);
    this.#timers.clearInterval(this.#pollTimer);
    for (const id of this.#burstTimers) this.#timers.clearTimeout(id);
    this.#burstTimers = [];
    for (const p of this.#pending.splice(0)) p.reject(new Error('connection lost'));
    if (this.#ws) {
      const ws = this.#ws;
      this.#ws = null;
      ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
      try {
        ws.close(1000);
      } catch {
        // already closed
      }
    }
    if (this.#es) {
      this.#es.close();
      this.#es = null;
    }
  }

  #openWebSocket() {
    const base = this.#url.replace(/^http/, 'ws');
    const ws = new this.#o.WebSocket(
      `${base}${WS_PATH}?${query({ roomCode: this.roomCode, userId: this.userId, lastEventId: this.lastEventId })}`);
    this.#ws = ws;
    let opened = false;
    ws.onopen = () => {
      opened = true;
      this.#opened.add('websocket');
      this.#attempt = 0;
      this.#setState('open');
      this.#pingBurst();
      this.#pingTimer = this.#timers.setInterval(() => this.#ping(), this.#o.pingIntervalMs);
    };
    ws.onmessage = (e) => {
      let message;
      try {
        message = JSON.parse(typeof e.data === 'string' ? e.data : String(e.data));
      } catch {
        return;
      }
      this.#message(message);
    };
    ws.onclose = () => this.#dropped('websocket', opened);
    ws.onerror = () => {}; // a close always follows
  }

  #openEventSource() {
    const es = new this.#o.EventSource(`${this.#url}${EVENTS_PATH}?${query({ roomCode: this.roomCode })}`);
    this.#es = es;
    let opened = false;
    es.onopen = () => {
      opened = true;
      this.#opened.add('sse');
      this.#attempt = 0;
      this.#setState('open');
      this.#httpClockBurst();
      this.#pingTimer = this.#timers.setInterval(() => this.#httpClockSample(), this.#o.pingIntervalMs);
    };
    for (const type of ['snapshot', 'status', 'leave', 'host', 'sync']) {
      es.addEventListener(type, (e) => {
        try {
          this.#message({ type, ...JSON.parse(e.data) });
        } catch {
          // not JSON: ignored
        }
      });
    }
    es.onerror = () => {
      // EventSource retries by itself while CONNECTING (resuming with Last-Event-ID); once
      // CLOSED it has given up, and this client takes over
      if (es.readyState === 2 || !opened) this.#dropped('sse', opened);
      else this.#setState('reconnecting');
    };
  }

  #startPolling() {
    const poll = async () => {
      try {
        const res = await this.#fetchTimed(`${this.#url}${STATUS_PATH}?${query({ roomCode: this.roomCode })}`);
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        const room = await res.json();
        if (this.state !== 'open') {
          this.#attempt = 0;
          this.#setState('open');
        }
        this.#polled(room);
      } catch (e) {
        this.#setState('reconnecting');
      }
    };
    poll();
    this.#pollTimer = this.#timers.setInterval(poll, this.#o.pollIntervalMs);
  }

  /** A polled room: its newest statuses are told as events, the seed having no feed. */
  #polled(room) {
    const users = room.users ?? {};
    let host = null;
    for (const [userId, statuses] of Object.entries(users)) {
      const latest = statuses[statuses.length - 1];
      if (!latest) continue;
      if (latest.isHost) host = userId;
      const known = this.users.get(userId);
      if (!known || known.timestamp !== latest.timestamp) {
        this.users.set(userId, latest);
        this.emit('status', latest);
      }
    }
    for (const userId of [...this.users.keys()]) {
      if (!(userId in users)) {
        this.users.delete(userId);
        this.emit('leave', { userId, reason: 'expired' });
      }
    }
    if (host !== this.host) {
      this.host = host;
      this.emit('host', { userId: host });
    }
    this.#emitMembers();
  }

  // --- messages

  #message(m) {
    if (m.id != null && m.id >= 0 && m.type !== 'sync') this.lastEventId = m.id;
    switch (m.type) {
      case 'snapshot': {
        this.users.clear();
        for (const [userId, statuses] of Object.entries(m.users ?? {})) {
          if (statuses.length) this.users.set(userId, statuses[statuses.length - 1]);
        }
        this.host = m.host ?? null;
        this.emit('snapshot', m);
        this.#emitMembers();
        break;
      }
      case 'status':
        this.users.set(m.status.userId, m.status);
        this.emit('status', m.status);
        break;
      case 'leave':
        this.users.delete(m.userId);
        this.emit('leave', m);
        this.#emitMembers();
        break;
      case 'host':
        this.host = m.userId ?? null;
        this.emit('host', { userId: this.host });
        this.#emitMembers();
        break;
      case 'sync':
        this.syncView = m;
        this.emit('sync', m);
        this.#emitMembers();
        break;
      case 'pong': {
        const t3 = this.#o.now();
        this.clock.addSample(m.t0, m.t1, m.t2, t3);
        this.emit('clock', { offset: this.clock.offset, error: this.clock.error });
        break;
      }
      case 'ack':
        this.#pending.shift()?.resolve(m.timestamp);
        break;
      case 'error': {
        const pending = this.#pending.shift();
        if (pending) pending.reject(new Error(m.message));
        else this.emit('error', new Error(m.message));
        break;
      }
      default:
        break;
    }
  }

  /** Members with host badge and drift: the server's drift view joined to the known statuses. */
  members() {
    const drift = new Map();
    for (const m of this.syncView?.members ?? []) drift.set(m.userId, m);
    return [...this.users.keys()].map((userId) => {
      const view = drift.get(userId);
      return {
        userId,
        isHost: userId === this.host,
        drift: userId === this.host ? 0 : view?.drift ?? null,
        action: view?.action ?? 'none',
        playing: isAdvancing(this.users.get(userId)?.player),
        you: userId === this.userId,
      };
    });
  }

  #emitMembers() {
    this.emit('members', this.members());
  }

  // --- clock sync

  #ping() {
    if (this.#ws?.readyState === 1) this.#ws.send(JSON.stringify({ type: 'ping', t0: this.#o.now() }));
  }

  #pingBurst() {
    for (let i = 0; i < this.#o.burst; i++) {
      this.#burstTimers.push(this.#timers.setTimeout(() => this.#ping(), i * this.#o.burstSpacingMs));
    }
  }

  #httpClockBurst() {
    for (let i = 0; i < Math.min(4, this.#o.burst); i++) {
      this.#burstTimers.push(this.#timers.setTimeout(() => this.#httpClockSample(), i * this.#o.burstSpacingMs * 2));
    }
  }

  /** Without a socket the server's clock comes from any answer's x-server-time header. */
  async #httpClockSample() {
    try {
      await this.#fetchTimed(`${this.#url}/health/live`);
    } catch {
      // the next sample will do
    }
  }

  async #fetchTimed(url, init) {
    const t0 = this.#o.now();
    const res = await this.#o.fetch(url, init);
    const t3 = this.#o.now();
    const header = res.headers?.get?.('x-server-time');
    if (header) {
      const t = Number(header);
      if (Number.isFinite(t)) {
        this.clock.addSample(t0, t, t, t3);
        this.emit('clock', { offset: this.clock.offset, error: this.clock.error });
      }
    }
    return res;
  }

  async #post(status) {
    const res = await this.#fetchTimed(`${this.#url}${STATUS_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(status),
    });
    const answer = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error(answer.message ?? `HTTP ${res.status}`);
    return answer.timestamp;
  }

  #setState(state) {
    if (this.state === state) return;
    this.state = state;
    this.emit('state', { state, transport: this.transport });
  }
}

/** Follows a room: see {@link Party}. */
export function connect(options) {
  return new Party(options);
}

// ---------------------------------------------------------------------------------------------
// The player binding

/**
 * Binds a media element to a room. As host it reports play, pause, seek, rate changes and its
 * position every few seconds while playing, each position tied to the server-time instant it was
 * sampled at. As follower it follows the host ({@link Follower}) every `tickMs`. The role follows
 * the service: a follower the service makes host starts leading; a host another member takes
 * over from starts following. Emits on the party: 'role' {role}, 'sync-error' {error, action,
 * playbackRate}, 'autoplay-blocked' {error}.
 */
export class Player {
  role;
  #party;
  #media;
  #o;
  #follower;
  #off = [];
  #listeners = [];
  #tick = null;
  #report = null;
  #refreshes = [];
  #loadingTimer = null;
  #loading = false;
  #hasPlayedOnce = false;
  #blocked = false;
  #lastReportAt = -Infinity;
  /** 'none' (playing in sync) or 'pause' once settled, null while correcting. */
  #settled = 'none';
  #settledTimer = null;
  #timers;

  constructor(party, media, options = {}) {
    this.#party = party;
    this.#media = media;
    this.#o = {
      role: 'follower',
      tickMs: 100,
      reportIntervalMs: 2000,
      followerReportIntervalMs: 5000,
      pausedReportIntervalMs: 20000,
      settledReportDelayMs: 300,
      refreshAfterMs: [300, 1200],
      loadingAfterMs: 1000,
      content: undefined,
      ...options,
    };
    this.#timers = party.timers;
    this.#follower = new Follower(media, {
      serverNow: () => party.serverNow(),
      now: () => party.localNow(),
      onPlayFailed: (e) => this.#playRefused(e),
      ...(options.follow ?? {}),
    });
    this.role = this.#o.role === 'host' ? 'host' : 'follower';

    this.#listen('play', () => this.#hostEvent());
    this.#listen('pause', () => this.#hostEvent());
    this.#listen('seeking', () => this.#hostEvent());
    this.#listen('seeked', () => {
      this.#follower.seeked();
      this.#hostEvent();
    });
    this.#listen('ratechange', () => this.#hostEvent());
    this.#listen('playing', () => {
      this.#hasPlayedOnce = true;
      this.#bufferingEnded();
      this.#hostEvent();
    });
    this.#listen('waiting', () => this.#bufferingStarted());
    this.#listen('stalled', () => this.#bufferingStarted());
    this.#listen('canplaythrough', () => this.#bufferingEnded());

    this.#off.push(party.on('status', (s) => this.#statusSeen(s)));
    this.#off.push(party.on('host', ({ userId }) => this.#hostNamed(userId)));
    this.#off.push(party.on('snapshot', () => this.#followHostOf(party)));
    this.#off.push(party.on('state', ({ state }) => {
      if (state === 'open') this.#sendReport();
    }));
    this.#followHostOf(party);
    this.#setRole(this.role, true);
  }

  /** The follower's last measured error against the host (seconds, positive: ahead), or null. */
  get syncError() {
    return this.role === 'follower' ? this.#follower.lastError : 0;
  }

  /** Corrective seeks made so far as a follower. */
  get seeks() {
    return this.#follower.seeks;
  }

  /** Plays after the browser refused to autoplay: call it from a user's tap. */
  resume() {
    this.#blocked = false;
    return this.#media.play();
  }

  detach() {
    this.#stopLoops();
    for (const off of this.#off) off();
    for (const [type, fn] of this.#listeners) this.#media.removeEventListener(type, fn);
  }

  #listen(type, fn) {
    this.#media.addEventListener(type, fn);
    this.#listeners.push([type, fn]);
  }

  // --- roles

  #setRole(role, initial = false) {
    if (!initial && role === this.role) return;
    this.role = role;
    this.#stopLoops();
    if (role === 'host') {
      this.#media.playbackRate = this.#follower.target?.player?.playbackRate || this.#media.playbackRate;
      this.#report = this.#timers.setInterval(() => {
        // a paused host reports now and then only, so that it is not taken for gone
        if (!this.#media.paused || this.#party.serverNow() - this.#lastReportAt > this.#o.pausedReportIntervalMs) {
          this.#sendReport();
        }
      }, this.#o.reportIntervalMs);
      this.#sendReport();
    } else {
      this.#tick = this.#timers.setInterval(() => this.#followTick(), this.#o.tickMs);
      this.#report = this.#timers.setInterval(() => this.#sendReport(), this.#o.followerReportIntervalMs);
      this.#sendReport();
    }
    this.#party.emit('role', { role });
  }

  #stopLoops() {
    this.#timers.clearInterval(this.#tick);
    this.#timers.clearInterval(this.#report);
    this.#timers.clearTimeout(this.#settledTimer);
    for (const id of this.#refreshes) this.#timers.clearTimeout(id);
    this.#refreshes = [];
  }

  #followHostOf(party) {
    const host = party.host;
    if (host && host === party.userId) this.#setRole('host');
    else if (host && party.users.has(host)) {
      this.#follower.setTarget(party.users.get(host));
      if (this.role === 'host' && this.#o.role !== 'host') this.#setRole('follower');
    }
  }

  #hostNamed(userId) {
    if (userId && userId === this.#party.userId) {
      this.#setRole('host');
    } else if (userId) {
      if (this.role === 'host') this.#setRole('follower');
      const status = this.#party.users.get(userId);
      if (status) this.#follower.setTarget(status);
    }
  }

  #statusSeen(status) {
    if (status.userId === this.#party.userId) return;
    if (status.userId === this.#party.host || (status.isHost && this.role !== 'host')) {
      this.#follower.setTarget(status);
      if (this.role === 'follower') this.#followTick(); // a host's action is applied at once
    }
  }

  // --- host

  #hostEvent() {
    if (this.role !== 'host') return;
    this.#sendReport();
    // a position sampled the instant after an action may precede playback going on: refresh it
    for (const id of this.#refreshes) this.#timers.clearTimeout(id);
    this.#refreshes = this.#o.refreshAfterMs.map((ms) => this.#timers.setTimeout(() => this.#sendReport(), ms));
  }

  #bufferingStarted() {
    this.#follower.setBuffering(true);
    if (this.role !== 'host' || this.#loadingTimer != null) return;
    // short waits (a seek, a hiccup) are not told: followers would stop and start for nothing
    this.#loadingTimer = this.#timers.setTimeout(() => {
      this.#loadingTimer = null;
      this.#loading = true;
      this.#sendReport();
    }, this.#o.loadingAfterMs);
  }

  #bufferingEnded() {
    this.#follower.setBuffering(false);
    this.#timers.clearTimeout(this.#loadingTimer);
    this.#loadingTimer = null;
    if (this.#loading) {
      this.#loading = false;
      if (this.role === 'host') this.#sendReport();
    }
  }

  #sendReport() {
    const m = this.#media;
    if (this.#party.state !== 'open') return;
    this.#lastReportAt = this.#party.serverNow();
    let buffered = 0;
    try {
      buffered = m.buffered?.length ? m.buffered.end(m.buffered.length - 1) : 0;
    } catch {
      buffered = 0;
    }
    const body = {
      isHost: this.role === 'host',
      player: {
        isPlaying: !m.paused,
        isPaused: m.paused,
        isLoading: this.#loading,
        hasPlayedOnce: this.#hasPlayedOnce,
        time: m.currentTime,
        duration: Number.isFinite(m.duration) ? m.duration : 0,
        volume: m.muted ? 0 : m.volume ?? 0,
        playbackRate: m.playbackRate,
        buffered,
        // a tenth of a millisecond: finer than any clock sync, and short on the wire
        sampledAt: Math.round(this.#party.serverNow() * 10) / 10,
      },
    };
    if (this.#o.content) body.content = this.#o.content;
    this.#party.sendStatus(body).catch((e) => this.#party.emit('error', e));
  }

  // --- follower

  #settledReport() {
    this.#timers.clearTimeout(this.#settledTimer);
    this.#settledTimer = this.#timers.setTimeout(() => {
      this.#settledTimer = null;
      if (this.role === 'follower') this.#sendReport();
    }, this.#o.settledReportDelayMs);
  }

  #followTick() {
    if (this.role !== 'follower' || this.#blocked) return;
    const { error, action } = this.#follower.tick();
    // the room's drift view extrapolates this player from its last report: tell it once the
    // player has settled after a change, so that it does not go on extrapolating a pause, a seek
    // or a corrected speed
    const settled = action === 'none' || action === 'pause' ? action : null;
    if (settled && settled !== this.#settled) this.#settledReport();
    this.#settled = settled;
    if (error != null) {
      this.#party.emit('sync-error', { error, action, playbackRate: this.#media.playbackRate });
    }
  }

  #playRefused(error) {
    if (error?.name !== 'NotAllowedError') return;
    if (!this.#media.muted) {
      // browsers let a muted element play without a user's gesture
      this.#media.muted = true;
      this.#party.emit('autoplay-muted', { error });
      return; // the next tick plays again, muted
    }
    this.#blocked = true;
    this.#party.emit('autoplay-blocked', { error });
  }
}
