// Unit tests of the client library under Node's built-in runner: node --test src/test/js/
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  ClockSync, backoffDelay, positionAt, Follower, FOLLOW_DEFAULTS, connect,
} from '../../main/resources/webroot/client/watchparty.js';
import { FakeClock, FakeMedia, fakeWebSocketClass, fakeEventSourceClass } from './fakes.mjs';

function status({ time = 10, playing = true, rate = 1, timestamp, sampledAt, userId = 'host', isHost = true } = {}) {
  return {
    userId, roomCode: 'R', isHost, content: { title: 'T', type: 'movie' },
    player: { isPlaying: playing, isPaused: !playing, isLoading: false, hasPlayedOnce: true, time, duration: 600,
      volume: 1, playbackRate: rate, buffered: 0, ...(sampledAt != null ? { sampledAt } : {}) },
    timestamp,
  };
}

describe('ClockSync', () => {
  test('takes the offset of the sample with the least round trip', () => {
    const c = new ClockSync({ now: () => 0 });
    c.addSample(0, 520, 521, 60); // rtt 59, offset 490.5
    c.addSample(100, 604, 605, 110); // rtt 9, offset 499.5
    c.addSample(200, 750, 751, 300); // rtt 99, offset 500.5
    assert.equal(c.offset, 499.5);
    assert.equal(c.error, 9 / 2 + 0.5);
  });

  test('keeps only the last eight samples', () => {
    const c = new ClockSync({ now: () => 0 });
    c.addSample(0, 100, 100, 2); // the best, then pushed out by eight worse ones
    for (let i = 1; i <= 8; i++) c.addSample(i * 1000, i * 1000 + 200 + 5, i * 1000 + 200 + 5, i * 1000 + 10);
    assert.equal(c.samples, 8);
    assert.equal(c.offset, 200);
  });

  test('serverNow is the local clock plus the offset', () => {
    let local = 1000;
    const c = new ClockSync({ now: () => local });
    c.addSample(1000, 6000, 6000, 1000);
    local = 2500;
    assert.equal(c.serverNow(), 7500);
  });
});

describe('backoffDelay', () => {
  test('grows exponentially with jitter in the upper half, capped', () => {
    for (const [attempt, ceiling] of [[0, 500], [1, 1000], [3, 4000], [10, 15000]]) {
      assert.equal(backoffDelay(attempt, { random: () => 0 }), ceiling / 2);
      assert.equal(backoffDelay(attempt, { random: () => 0.999999 }).toFixed(0), (ceiling * 0.9999995).toFixed(0));
    }
  });
});

describe('positionAt', () => {
  test('advances from the sample instant at the rate while playing', () => {
    const s = status({ time: 10, rate: 1.25, timestamp: 5_000, sampledAt: 4_000 });
    assert.equal(positionAt(s, 6_000), 10 + 2 * 1.25);
  });

  test('falls back to the receipt timestamp without a sample instant', () => {
    assert.equal(positionAt(status({ time: 10, timestamp: 5_000 }), 6_000), 11);
  });

  test('stands still while paused or loading, and stops at the end', () => {
    assert.equal(positionAt(status({ time: 10, playing: false, timestamp: 0 }), 60_000), 10);
    const loading = status({ time: 10, timestamp: 0 });
    loading.player.isLoading = true;
    assert.equal(positionAt(loading, 60_000), 10);
    assert.equal(positionAt(status({ time: 599, timestamp: 0 }), 60_000), 600);
  });
});

/** A follower element and the host's reported state, on one virtual clock; ticks every 100 ms. */
function followRig({ seekMs = 120, startMs = 30 } = {}) {
  const clock = new FakeClock();
  const media = new FakeMedia(clock);
  media.seekMs = seekMs;
  media.startMs = startMs;
  const follower = new Follower(media, { serverNow: () => clock.now, now: () => clock.now });
  clock.onAdvance(() => {});
  const errors = [];
  const tickId = clock.timers.setInterval(() => {
    const r = follower.tick();
    errors.push({ at: clock.now, ...r, rate: media.playbackRate });
  }, 100);
  const host = (time, opts = {}) => follower.setTarget(status({ time, timestamp: clock.now, sampledAt: clock.now, ...opts }));
  return { clock, media, follower, errors, host, stop: () => clock.timers.clearInterval(tickId) };
}

describe('Follower', () => {
  test('closes a small drift by speed within bounds, then plays at the host rate again, without a seek', () => {
    const { clock, media, follower, errors, host } = followRig();
    media.currentTime = 20;
    clock.advance(200); // the initial seek lands
    media.play();
    clock.advance(100);
    host(media.currentTime + 0.12); // 120 ms ahead of this element
    const seeksBefore = follower.seeks;
    clock.advance(4000);
    const rates = errors.map((e) => e.rate);
    assert.ok(Math.max(...rates) <= 1.1 + 1e-9 && Math.max(...rates) > 1.05, `rates ${Math.max(...rates)}`);
    assert.ok(Math.min(...rates) >= 0.9);
    assert.equal(follower.seeks, seeksBefore);
    const last = errors.at(-1);
    assert.ok(Math.abs(last.error) < FOLLOW_DEFAULTS.settledBand, `error ${last.error}`);
    assert.equal(media.playbackRate, 1);
  });

  test('seeks past the threshold, aiming ahead by the seek time it learns', () => {
    const { clock, media, follower, errors, host } = followRig({ seekMs: 300 });
    media.play();
    clock.advance(100);
    host(100); // far ahead of 0
    clock.advance(1500);
    assert.equal(follower.seeks, 1);
    // 300 ms seek + 30 ms start against a 150 ms first guess: the lead is corrected
    assert.ok(Math.abs(follower.seekLead - 0.33) < 0.03, `lead ${follower.seekLead}`);
    host(200);
    clock.advance(1000);
    assert.equal(follower.seeks, 2);
    const settled = errors.filter((e) => e.action !== 'seeking' && e.at > clock.now - 500);
    assert.ok(settled.every((e) => Math.abs(e.error) < 0.03), JSON.stringify(settled));
  });

  test('applies the host pause at once: pauses and stands at the host position', () => {
    const { clock, media, follower, host } = followRig();
    media.play();
    host(0);
    clock.advance(3000);
    host(42.5, { playing: false });
    follower.tick(); // as on the status event
    assert.equal(media.paused, true);
    clock.advance(300);
    assert.equal(media.currentTime, 42.5);
  });

  test('takes the host rate at once and keeps its corrections within 0.9-1.1 of it', () => {
    const { clock, media, errors, host } = followRig();
    media.play();
    host(0);
    clock.advance(2000);
    host(media.currentTime + 0.2, { rate: 1.25 });
    clock.advance(3000);
    const ratios = errors.filter((e) => e.at > clock.now - 3000).map((e) => e.rate / 1.25);
    assert.ok(ratios.every((r) => r >= 0.9 - 1e-9 && r <= 1.1 + 1e-9), ratios.join());
    assert.equal(media.playbackRate, 1.25);
  });

  test('does not stack seeks while the element buffers', () => {
    const { clock, media, follower, host } = followRig();
    media.play();
    host(0);
    clock.advance(1000);
    media.stalled = true; // no data: currentTime stands still
    follower.setBuffering(true);
    host(100);
    clock.advance(3000);
    assert.equal(follower.seeks, 1);
  });
});

/** A party on fake transports and a virtual clock. */
function partyRig(options = {}) {
  const clock = new FakeClock();
  const { FakeWebSocket, sockets } = fakeWebSocketClass();
  const { FakeEventSource, sources } = fakeEventSourceClass();
  const fetches = [];
  const fetch = async (url, init) => {
    fetches.push({ url, init });
    return { ok: true, status: 200, headers: { get: () => String(clock.now) }, json: async () => ({ success: true, timestamp: clock.now, users: {} }) };
  };
  const party = connect({ url: 'http://svc:8080', roomCode: 'ROOM 1', userId: 'bob', WebSocket: FakeWebSocket,
    EventSource: FakeEventSource, fetch, now: () => clock.now, random: () => 0, timers: clock.timers, ...options });
  return { clock, party, sockets, sources, fetches };
}

describe('Party', () => {
  test('connects by WebSocket and syncs its clock with a burst of pings', () => {
    const { clock, party, sockets } = partyRig();
    assert.equal(sockets.length, 1);
    assert.equal(sockets[0].url, 'ws://svc:8080/api/player/ws?roomCode=ROOM%201&userId=bob');
    const states = [];
    party.on('state', (s) => states.push(s.state));
    sockets[0].open();
    clock.advance(1000);
    const pings = sockets[0].sent.filter((m) => m.type === 'ping');
    assert.equal(pings.length, 8);
    for (const p of pings) sockets[0].receive({ type: 'pong', t0: p.t0, t1: p.t0 + 5000, t2: p.t0 + 5000 });
    // answered now: the latest ping had the shortest round trip and sets the offset
    assert.equal(party.clock.offset, 5000 - (clock.now - pings.at(-1).t0) / 2);
    assert.deepEqual(states, ['open']);
    clock.advance(30_000);
    assert.equal(sockets[0].sent.filter((m) => m.type === 'ping').length, 9, 'then one every 30 s');
  });

  test('reconnects with back-off and resumes from the last event id', () => {
    const { clock, party, sockets } = partyRig();
    sockets[0].open();
    sockets[0].receive({ type: 'snapshot', id: 7, serverTime: 1, host: 'alice', roomCode: 'ROOM 1',
      users: { alice: [status({ userId: 'alice', timestamp: 1 })] } });
    sockets[0].receive({ type: 'status', id: 9, serverTime: 2, status: status({ userId: 'alice', time: 12, timestamp: 2 }) });
    sockets[0].receive({ type: 'sync', serverTime: 2, host: null, members: [] });
    assert.equal(party.lastEventId, 9);
    sockets[0].drop();
    assert.equal(party.state, 'reconnecting');
    clock.advance(200);
    assert.equal(sockets.length, 1, 'waits for its back-off (250-500 ms first)');
    clock.advance(100);
    assert.equal(sockets.length, 2);
    assert.match(sockets[1].url, /lastEventId=9$/);
    sockets[1].open();
    assert.equal(party.state, 'open');
    assert.equal(party.users.get('alice').player.time, 12);
  });

  test('falls back to SSE and POST when WebSockets never open', async () => {
    const { clock, party, sockets, sources, fetches } = partyRig();
    sockets[0].drop();
    assert.equal(sockets.length, 1);
    clock.advance(300);
    sockets[1].drop(); // refused twice, never opened: WebSockets look blocked
    assert.equal(sources.length, 1);
    assert.equal(sources[0].url, 'http://svc:8080/api/player/events?roomCode=ROOM%201');
    sources[0].open();
    assert.equal(party.transport, 'sse');
    sources[0].receive('status', { id: 3, serverTime: 5, status: status({ userId: 'alice', timestamp: 5 }) }, 3);
    assert.equal(party.users.get('alice').timestamp, 5);
    const ack = await party.sendStatus({ player: { time: 1 } });
    assert.equal(typeof ack, 'number');
    const post = fetches.find((f) => f.init?.method === 'POST');
    assert.equal(post.url, 'http://svc:8080/api/player/status');
    assert.equal(post.init.headers['content-type'], 'application/json');
    assert.deepEqual(JSON.parse(post.init.body), { userId: 'bob', roomCode: 'ROOM 1', player: { time: 1 } });
  });

  test('polls the seed API as the last resort', async () => {
    const { clock, party, fetches } = partyRig({ transports: ['poll'] });
    await Promise.resolve();
    clock.advance(3000);
    const polls = fetches.filter((f) => f.url === 'http://svc:8080/api/player/status?roomCode=ROOM%201');
    assert.ok(polls.length >= 3, `${polls.length} polls`);
    assert.equal(party.transport, 'poll');
  });

  test('sends statuses over the socket and resolves each on its ack', async () => {
    const { party, sockets } = partyRig();
    sockets[0].open();
    const first = party.sendStatus({ player: { time: 1 } });
    const second = party.sendStatus({ player: { time: 2 } });
    sockets[0].receive({ type: 'ack', timestamp: 111 });
    sockets[0].receive({ type: 'error', message: 'player.time must be a number' });
    assert.equal(await first, 111);
    await assert.rejects(second, /player.time must be a number/);
    const statuses = sockets[0].sent.filter((m) => m.type === 'status');
    assert.deepEqual(statuses[0], { type: 'status', userId: 'bob', roomCode: 'ROOM 1', player: { time: 1 } });
  });
});

/** A party whose socket is open, and a player attached to a fake element. */
function playerRig(role, { autoplay = 'allow' } = {}) {
  const rig = partyRig();
  rig.sockets[0].open();
  const media = new FakeMedia(rig.clock);
  media.autoplay = autoplay;
  const player = rig.party.attach(media, { role });
  const socket = rig.sockets[0];
  const statuses = () => socket.sent.filter((m) => m.type === 'status');
  return { ...rig, media, player, socket, statuses };
}

describe('Player', () => {
  test('as host reports each action with the server-time instant of its sample', () => {
    const { clock, media, statuses, party } = playerRig('host');
    party.clock.addSample(clock.now, clock.now + 1000, clock.now + 1000, clock.now); // server 1 s ahead
    const before = statuses().length;
    media.play();
    clock.advance(2);
    media.pause();
    media.currentTime = 30;
    media.playbackRate = 1.5;
    const sent = statuses().slice(before);
    assert.deepEqual(sent.map((s) => [s.player.isPlaying, s.player.time, s.player.playbackRate]),
      [[true, 0, 1], [false, 0, 1], [false, 30, 1], [false, 30, 1.5]]);
    assert.ok(sent.every((s) => s.isHost === true));
    assert.equal(sent[1].player.sampledAt, clock.now + 1000);
  });

  test('as host reports its position every two seconds while playing', () => {
    const { clock, media, statuses } = playerRig('host');
    media.play();
    clock.advance(1500); // the refreshes after the action
    const before = statuses().length;
    clock.advance(6000);
    assert.equal(statuses().length - before, 3);
  });

  test('as follower follows the host statuses it receives', () => {
    const { clock, media, socket, player } = playerRig('follower');
    socket.receive({ type: 'snapshot', id: 1, serverTime: clock.now, host: 'alice', roomCode: 'ROOM 1', users: {} });
    socket.receive({ type: 'status', id: 2, serverTime: clock.now,
      status: status({ userId: 'alice', time: 50, timestamp: clock.now, sampledAt: clock.now }) });
    clock.advance(3000);
    assert.equal(media.paused, false);
    assert.ok(Math.abs(player.syncError) < 0.03, `error ${player.syncError}`);
  });

  test('as follower reports once it has settled after the host pauses, so the room sees it paused', () => {
    const { clock, media, socket, statuses } = playerRig('follower');
    socket.receive({ type: 'snapshot', id: 1, serverTime: clock.now, host: 'alice', roomCode: 'ROOM 1', users: {} });
    socket.receive({ type: 'status', id: 2, serverTime: clock.now,
      status: status({ userId: 'alice', time: 50, timestamp: clock.now, sampledAt: clock.now }) });
    clock.advance(3000);
    const before = statuses().length;
    socket.receive({ type: 'status', id: 3, serverTime: clock.now,
      status: status({ userId: 'alice', time: 53, playing: false, timestamp: clock.now, sampledAt: clock.now }) });
    clock.advance(1000);
    const after = statuses().slice(before);
    assert.equal(after.length, 1, 'one report, not one per step');
    assert.equal(after[0].isHost, false);
    assert.equal(after[0].player.isPaused, true);
    assert.ok(Math.abs(after[0].player.time - 53) <= FOLLOW_DEFAULTS.pausedTolerance, `time ${after[0].player.time}`);
    assert.equal(media.paused, true);
  });

  test('leads when the service makes it host, and reports at the rate it was following', () => {
    const { clock, media, socket, player, statuses, party } = playerRig('follower');
    const roles = [];
    party.on('role', (r) => roles.push(r.role));
    socket.receive({ type: 'snapshot', id: 1, serverTime: clock.now, host: 'alice', roomCode: 'ROOM 1', users: {} });
    socket.receive({ type: 'status', id: 2, serverTime: clock.now,
      status: status({ userId: 'alice', time: 50, rate: 1.25, timestamp: clock.now, sampledAt: clock.now }) });
    clock.advance(2000);
    socket.receive({ type: 'leave', id: 3, serverTime: clock.now, roomCode: 'ROOM 1', userId: 'alice', reason: 'closed' });
    socket.receive({ type: 'host', id: 4, serverTime: clock.now, roomCode: 'ROOM 1', userId: 'bob' });
    assert.equal(player.role, 'host');
    assert.deepEqual(roles, ['host']);
    const last = statuses().at(-1);
    assert.equal(last.isHost, true);
    assert.equal(last.player.playbackRate, 1.25);
    assert.equal(media.playbackRate, 1.25);
  });

  test('starts muted when the browser refuses to autoplay with sound', async () => {
    const { clock, media, socket, party } = playerRig('follower', { autoplay: 'muted-only' });
    const events = [];
    party.on('autoplay-muted', () => events.push('muted'));
    socket.receive({ type: 'snapshot', id: 1, serverTime: clock.now, host: 'alice', roomCode: 'ROOM 1', users: {} });
    socket.receive({ type: 'status', id: 2, serverTime: clock.now,
      status: status({ userId: 'alice', time: 5, timestamp: clock.now, sampledAt: clock.now }) });
    await new Promise((r) => setImmediate(r));
    clock.advance(500);
    assert.deepEqual(events, ['muted']);
    assert.equal(media.muted, true);
    assert.equal(media.paused, false);
  });

  test('asks for a tap when the browser refuses even a muted play', async () => {
    const { clock, socket, party, player, media } = playerRig('follower', { autoplay: 'never' });
    const events = [];
    party.on('autoplay-blocked', () => events.push('blocked'));
    socket.receive({ type: 'snapshot', id: 1, serverTime: clock.now, host: 'alice', roomCode: 'ROOM 1', users: {} });
    socket.receive({ type: 'status', id: 2, serverTime: clock.now,
      status: status({ userId: 'alice', time: 5, timestamp: clock.now, sampledAt: clock.now }) });
    for (let i = 0; i < 5; i++) {
      await new Promise((r) => setImmediate(r));
      clock.advance(100);
    }
    assert.deepEqual(events, ['blocked']);
    media.autoplay = 'allow'; // the user's tap
    await player.resume();
    clock.advance(2000);
    assert.equal(media.paused, false);
    assert.ok(Math.abs(player.syncError) < 0.03, `error ${player.syncError}`);
  });
});
