-- The player-status store's one script: every change to a room is one atomic step here.
-- A room is one hash, KEYS[1] = ps2:{roomCode} (the hash tag keeps a room on one Redis Cluster
-- shard), so a room is read with one HGETALL and expires as one key. Its fields:
--   u:<userId>  that user's records, oldest first, "ts\thost\tlength\tjson\n" each (json as answered,
--      length its size in bytes, so readers step over it)
--   i  the index: "userId\tjoined\tlatest\thost\tcount\n" a user, in join order, count being how
--      many records u:<userId> holds (ids hold no tab or newline)
--   p:<userId>\0<instance>  until when an open socket on that instance holds the user
--   h  the host's userId        q  the room's last event id
--   l  until when (ms) some instance has live listeners of the room: events are published only
--      then, so rooms nobody follows live cost no event messages
--   m  a time no member's latest status is older than: while it is inside the window, a write
--      needs no look at the other members to know that nobody has left
--   e  until when (ms) the key's expiry was last set: it is set again only when that is near
-- A write reads the index and its own user's records, never the other members' records.
-- ARGV[1] op, ARGV[2] now (ms), ARGV[3] retention (ms), ARGV[4] event channel,
-- ARGV[5] the room code as a JSON string, ARGV[6] how events are published: PUBLISH, or on a
-- Cluster SPUBLISH (sharded: the event stays on the room's shard); the rest depend on the op.
local K = KEYS[1]
local op, nowText, channel, roomJson, publishCommand = ARGV[1], ARGV[2], ARGV[4], ARGV[5], ARGV[6]
local now, ttl = tonumber(ARGV[2]), tonumber(ARGV[3])
local cutoff = now - ttl

-- an append reads its user's records with the rest: one call
local meta = op == 'append' and redis.call('HMGET', K, 'i', 'h', 'q', 'l', 'm', 'e', 'u:' .. ARGV[7])
  or redis.call('HMGET', K, 'i', 'h', 'q', 'l', 'm', 'e')
local index = meta[1] or ''
local host = meta[2] or nil
-- event ids start from the clock (ms x 1000), so they keep rising when the room's key expires or
-- Redis restarts empty: listeners drop ids they have seen and must not drop new ones
local seq = tonumber(meta[3] or (nowText .. '000'))
local lease = tonumber(meta[4] or 0)
local listened = lease >= now
local floor = tonumber(meta[5] or 0)
local floorRead = floor
local keptUntil = tonumber(meta[6] or 0)

local function integer(n)
  return string.format('%d', n) -- Lua prints numbers past 1e14 with an exponent
end

-- The room outlives its last write by at least one window (so every status stays readable for
-- its window) and its listeners' lease. Its expiry is set to two windows ahead, again only when
-- less than one is left: the fields to write with it ('e', time), or nothing.
local function renewal()
  local needed = math.max(ttl, lease - now)
  if keptUntil - now >= needed then return end
  local keep = math.max(ttl * 2, lease - now)
  keptUntil = now + keep
  return 'e', integer(keptUntil)
end

-- after a write: the key's expiry, when renewal() asked for it
local function expire(renewed)
  if renewed then redis.call('PEXPIRE', K, keptUntil - now) end
end

local function keepAlive()
  local field, value = renewal()
  if field then
    redis.call('HSET', K, field, value)
    expire(true)
  end
end

-- the index as a list of users in join order, and by id; read only when a change needs it
local users, byId = nil, nil
local function load()
  if users then return end
  users, byId = {}, {}
  for line in string.gmatch(index, '([^\n]+)') do
    local id, joined, latest, flag, count = string.match(line, '^(.-)\t(%d+)\t(%d+)\t(%d)\t?(%d*)$')
    -- line: the user's index line as read, written back as it is unless the user changed
    local u = { id = id, joined = joined, latest = tonumber(latest), flag = flag, count = tonumber(count), line = line }
    table.insert(users, u)
    byId[id] = u
  end
end

-- the users an open socket holds; expired leases are dropped on the way. HSCAN brings only the
-- lease fields into Lua, not the members' records (strings cost Lua a pass over every byte)
local held = nil
local function pinned(id)
  if held == nil then
    held = {}
    local cursor = '0'
    repeat
      local page = redis.call('HSCAN', K, cursor, 'MATCH', 'p:*', 'COUNT', 1000)
      cursor = page[1]
      local fields = page[2]
      for i = 1, #fields, 2 do
        local f, v = fields[i], fields[i + 1]
        if tonumber(v) < now then redis.call('HDEL', K, f) else held[string.match(string.sub(f, 3), '^(.*)%z')] = true end
      end
    until cursor == '0'
  end
  return held[id] == true
end

-- the event numbered whether or not anyone listens, so ids keep rising; its body is the rest of the
-- arguments, joined only when it is sent
local function publish(kind, ...)
  seq = seq + 1
  if not listened then return end
  -- ids pass 2^31 and Lua prints big numbers with an exponent: format them as (64-bit) integers
  redis.call(publishCommand, channel, '{"type":"' .. kind .. '","id":' .. integer(seq)
    .. ',"serverTime":' .. nowText .. ',' .. table.concat({...}) .. '}')
end

-- the user whose latest status claims the role (current host first, then join order); when the
-- host has left and nobody claims, the member present longest
local function updateHost()
  local nextHost = nil
  if host and byId[host] and byId[host].flag == '1' then
    nextHost = host
  else
    for _, u in ipairs(users) do
      if u.flag == '1' then nextHost = u.id break end
    end
    if not nextHost and host then
      if byId[host] then nextHost = host elseif #users > 0 then nextHost = users[1].id end
    end
  end
  if nextHost ~= host then
    host = nextHost
    if host then redis.call('HSET', K, 'h', host) else redis.call('HDEL', K, 'h') end
    publish('host', '"roomCode":', roomJson, ',"userId":', host and cjson.encode(host) or 'null')
  end
end

local function removeUser(id, reason)
  byId[id] = nil
  for k, u in ipairs(users) do
    if u.id == id then table.remove(users, k) break end
  end
  redis.call('HDEL', K, 'u:' .. id)
  publish('leave', '"roomCode":', roomJson, ',"userId":', cjson.encode(id), ',"reason":"', reason, '"')
end

-- users whose latest status left the window, unless a socket holds them
local function sweep()
  load()
  local gone = {}
  for _, u in ipairs(users) do
    if u.latest < cutoff and not pinned(u.id) then table.insert(gone, u.id) end
  end
  for _, id in ipairs(gone) do removeUser(id, 'expired') end
  if #gone > 0 then updateHost() end
  return #gone > 0
end

-- the index, event id and extra fields (field, value, ...) written in one call, with the floor of
-- the members' latest times when it moved and the key's expiry when due
local function store(newIndex, ...)
  local fields = { 'i', newIndex, 'q', integer(seq), ... }
  local field, value = renewal()
  if field then
    table.insert(fields, field)
    table.insert(fields, value)
  end
  if floor ~= floorRead then
    table.insert(fields, 'm')
    table.insert(fields, integer(floor))
  end
  redis.call('HSET', K, unpack(fields))
  expire(field ~= nil)
end

-- whether a member's latest status has left the window (the index's third column); when none
-- has, the earliest of them becomes the floor, so that the next writes need not look
local function anyoneOut()
  if floor >= cutoff then return false end
  local earliest = nil
  for latest in string.gmatch(index, '[^\t\n]*\t%d+\t(%d+)\t%d\t?%d*\n') do
    local t = tonumber(latest)
    if t < cutoff then return true end
    if not earliest or t < earliest then earliest = t end
  end
  if earliest then floor = earliest end
  return false
end

-- where the user's line starts in the index, or nil
local function lineOf(id)
  local head = id .. '\t'
  if string.sub(index, 1, #head) == head then return 1 end
  local at = string.find(index, '\n' .. head, 1, true)
  return at and at + 1
end

-- the index and event id written back, with extra fields (field, value, ...) in the same call
local function finish(...)
  local lines = {}
  local earliest = nil
  for k, u in ipairs(users) do
    if not earliest or u.latest < earliest then earliest = u.latest end
    lines[k] = u.line or (u.id .. '\t' .. u.joined .. '\t' .. integer(u.latest) .. '\t' .. u.flag
      -- a user read from an index without counts keeps none, so that its next write counts
      .. (u.count and ('\t' .. u.count) or ''))
  end
  if earliest then floor = earliest end
  store(#lines > 0 and (table.concat(lines, '\n') .. '\n') or '', ...)
end

if op == 'append' then
  -- ARGV[7] userId, ARGV[8] 1 when the status claims the host role, ARGV[9] status JSON, ARGV[10] history,
  -- ARGV[11] the most users a room may hold
  local id, isHost, json, history = ARGV[7], ARGV[8], ARGV[9], tonumber(ARGV[10])
  local old = meta[7] or ''
  -- the common case, a member posting again with nobody gone and the host role as it was: only
  -- its own index line changes, edited in place (a room without a host has no member claiming it)
  local at = not anyoneOut() and lineOf(id)
  local lineEnd = at and string.find(index, '\n', at, true)
  local joined, flag, counted
  if lineEnd then
    joined, flag, counted = string.match(string.sub(index, at, lineEnd - 1), '^[^\t]*\t(%d+)\t%d+\t(%d)\t(%d+)$')
  end
  local count = tonumber(counted)
  local fast = count ~= nil and flag == isHost and (host ~= nil or isHost == '0')
  local u, joins, wasClaim
  if not fast then
    local swept = sweep()
    if not byId[id] and #users >= tonumber(ARGV[11]) then
      if swept then finish() end -- the leaves were told: keep them, and their event ids
      return redis.error_reply('FULL users per room')
    end
    u = byId[id]
    joins = u == nil
    count = u and u.count
    wasClaim = u ~= nil and u.flag == '1'
  end
  if not count then -- an index written without counts: count the records once
    count = 0
    for _ in string.gmatch(old, '\n') do count = count + 1 end
  end
  -- drop the oldest records past the history by cutting at their newlines; no record is parsed
  -- (readers skip those past the window themselves), so a write costs a copy of the user's bytes
  while count >= history do
    local cut = string.find(old, '\n', 1, true)
    if not cut then old, count = '', 0 break end -- fewer records than counted: start afresh
    old = string.sub(old, cut + 1)
    count = count - 1
  end
  local records = old .. nowText .. '\t' .. isHost .. '\t' .. #json .. '\t' .. json .. '\n'
  publish('status', '"status":', json)
  if fast then
    store(string.sub(index, 1, at - 1) .. id .. '\t' .. joined .. '\t' .. nowText .. '\t' .. isHost .. '\t'
      .. (count + 1) .. string.sub(index, lineEnd), 'u:' .. id, records)
    return 1
  end
  if not u then
    u = { id = id, joined = nowText }
    table.insert(users, u)
    byId[id] = u
  end
  u.count = count + 1
  u.latest, u.flag, u.line = now, isHost, nil
  if joins or wasClaim ~= (isHost == '1') or not host then updateHost() end
  finish('u:' .. id, records)
  return 1
elseif op == 'listen' then
  -- ARGV[7] until when (ms) this instance's listeners hold the room. Run each second for the rooms
  -- an instance follows: it keeps events published, and sweeps so that leaves are told even when
  -- nobody writes. The lease is written again only when half of it has passed.
  local holdUntil = tonumber(ARGV[7])
  if lease < now + (holdUntil - now) / 2 then
    lease, listened = holdUntil, true
    redis.call('HSET', K, 'l', ARGV[7])
  end
  if anyoneOut() and sweep() then finish() else keepAlive() end
  return 1
elseif op == 'pin' then
  -- ARGV[7] userId, ARGV[8] instance, ARGV[9] until when (ms)
  redis.call('HSET', K, 'p:' .. ARGV[7] .. '\0' .. ARGV[8], ARGV[9])
  keepAlive()
  return 1
elseif op == 'unpin' then
  -- ARGV[7] userId, ARGV[8] instance: with its last socket the user leaves
  redis.call('HDEL', K, 'p:' .. ARGV[7] .. '\0' .. ARGV[8])
  load()
  if byId[ARGV[7]] and not pinned(ARGV[7]) then
    removeUser(ARGV[7], 'closed')
    updateHost()
    finish()
  end
  return 1
end
return redis.error_reply('unknown op ' .. tostring(op))
