// Stand-ins for the browser, driven by one virtual clock: timers, a media element, a WebSocket
// and an EventSource. Nothing here sleeps: tests advance the clock.

/** A virtual clock with setTimeout/setInterval; advance(ms) runs what falls due, in order. */
export class FakeClock {
  now = 1_700_000_000_000;
  #tasks = [];
  #seq = 0;
  #listeners = [];

  /** Something else that moves with time (a media element). */
  onAdvance(fn) {
    this.#listeners.push(fn);
  }

  timers = {
    setTimeout: (fn, ms) => this.#add(fn, ms, 0),
    clearTimeout: (id) => this.#remove(id),
    setInterval: (fn, ms) => this.#add(fn, ms, Math.max(1, ms)),
    clearInterval: (id) => this.#remove(id),
  };

  #add(fn, ms, every) {
    const id = ++this.#seq;
    this.#tasks.push({ id, at: this.now + Math.max(0, ms ?? 0), every, fn });
    return id;
  }

  #remove(id) {
    this.#tasks = this.#tasks.filter((t) => t.id !== id);
  }

  /** Moves time on by ms, in steps of at most 1 ms between due tasks. */
  advance(ms) {
    const end = this.now + ms;
    for (;;) {
      const due = this.#tasks.filter((t) => t.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      const to = due ? due.at : end;
      this.#move(to);
      if (!due) break;
      if (due.every) due.at += due.every;
      else this.#remove(due.id);
      due.fn();
    }
  }

  #move(to) {
    while (this.now < to) {
      const step = Math.min(1, to - this.now);
      this.now += step;
      for (const fn of this.#listeners) fn(step);
    }
  }
}

/** An HTMLMediaElement's timing: plays at its rate, seeks take seekMs, playing starts after startMs. */
export class FakeMedia {
  duration = 600;
  paused = true;
  seeking = false;
  muted = false;
  volume = 1;
  buffered = { length: 0, end: () => 0 };
  /** 'allow', 'muted-only' (refuses unmuted play like a browser's autoplay policy) or 'never'. */
  autoplay = 'allow';
  seekMs = 120;
  startMs = 30;
  stalled = false;
  #rate = 1;
  #position = 0;
  #seekLeft = 0;
  #startLeft = 0;
  #handlers = new Map();
  rateChanges = [];

  constructor(clock) {
    this.clock = clock;
    clock.onAdvance((ms) => this.#step(ms));
  }

  get playbackRate() {
    return this.#rate;
  }

  set playbackRate(v) {
    if (v === this.#rate) return;
    this.#rate = v;
    this.rateChanges.push(v);
    this.#fire('ratechange');
  }

  get currentTime() {
    return this.#position;
  }

  /** Setting currentTime starts a seek, as in a browser. */
  set currentTime(t) {
    this.#position = t;
    this.seeking = true;
    this.#seekLeft = this.seekMs;
    this.#fire('seeking');
  }

  play() {
    if (this.autoplay === 'never' || (this.autoplay === 'muted-only' && !this.muted)) {
      const e = new Error('play() failed because the user did not interact with the document first');
      e.name = 'NotAllowedError';
      return Promise.reject(e);
    }
    if (this.paused) {
      this.paused = false;
      this.#startLeft = this.startMs;
      this.#fire('play');
    }
    return Promise.resolve();
  }

  pause() {
    if (!this.paused) {
      this.paused = true;
      this.#fire('pause');
    }
  }

  addEventListener(type, fn) {
    if (!this.#handlers.has(type)) this.#handlers.set(type, new Set());
    this.#handlers.get(type).add(fn);
  }

  removeEventListener(type, fn) {
    this.#handlers.get(type)?.delete(fn);
  }

  #fire(type) {
    for (const fn of [...(this.#handlers.get(type) ?? [])]) fn({ type });
  }

  #step(ms) {
    if (this.seeking) {
      this.#seekLeft -= ms;
      if (this.#seekLeft <= 0) {
        this.seeking = false;
        this.#fire('seeked');
        if (!this.paused) this.#startLeft = this.startMs;
      }
      return;
    }
    if (this.paused || this.stalled) return;
    if (this.#startLeft > 0) {
      this.#startLeft -= ms;
      if (this.#startLeft <= 0) this.#fire('playing');
      return;
    }
    this.#position = Math.min(this.duration, this.#position + (ms / 1000) * this.#rate);
  }
}

/** WebSockets opened by the client under test; a test opens, feeds and closes them. */
export function fakeWebSocketClass() {
  const sockets = [];
  class FakeWebSocket {
    readyState = 0;
    sent = [];
    constructor(url) {
      this.url = url;
      sockets.push(this);
    }
    send(text) {
      this.sent.push(JSON.parse(text));
    }
    close() {
      this.readyState = 3;
    }
    // test side
    open() {
      this.readyState = 1;
      this.onopen?.({});
    }
    receive(message) {
      this.onmessage?.({ data: JSON.stringify(message) });
    }
    drop() {
      this.readyState = 3;
      this.onclose?.({ code: 1006 });
    }
  }
  return { FakeWebSocket, sockets };
}

/** EventSources opened by the client under test. */
export function fakeEventSourceClass() {
  const sources = [];
  class FakeEventSource {
    readyState = 0;
    listeners = new Map();
    constructor(url) {
      this.url = url;
      sources.push(this);
    }
    addEventListener(type, fn) {
      this.listeners.set(type, fn);
    }
    close() {
      this.readyState = 2;
    }
    open() {
      this.readyState = 1;
      this.onopen?.({});
    }
    receive(type, data, id) {
      this.listeners.get(type)?.({ data: JSON.stringify(data), lastEventId: String(id ?? '') });
    }
  }
  return { FakeEventSource, sources };
}
