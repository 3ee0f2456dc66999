-- The player-status store's one script: every change to a room is one atomic step here.
-- A room's keys share the hash tag {room}, so Redis Cluster keeps a room on one shard:
--   KEYS[1] statuses  HASH  userId -> that user's records, oldest first, "ts\th\tjson\n" each
--   KEYS[2] members   ZSET  userId -> when it joined (join order: who is present longest)
--   KEYS[3] latest    ZSET  userId -> its latest status's time (finds the expired without a scan)
--   KEYS[4] meta      HASH  host -> the host's userId; seq -> the room's last event id
--   KEYS[5] pins      HASH  userId \0 instance -> until when an open socket holds the user
-- ARGV[1] op, ARGV[2] now (ms), ARGV[3] retention (ms), ARGV[4] event channel,
-- ARGV[5] the room code as a JSON string; the rest depend on the op.
local S, M, L, META, P = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local op, now, ttl, channel, roomJson = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4], ARGV[5]
local cutoff = now - ttl

-- event ids start from the clock (ms x 1000), so they keep rising when a room's keys expire or
-- Redis restarts empty: listeners drop ids they have seen, and must not drop new ones
local function publish(kind, body)
  if redis.call('HEXISTS', META, 'seq') == 0 then redis.call('HSET', META, 'seq', ARGV[2] .. '000') end
  -- ids pass 2^31 and Lua prints big numbers with an exponent: format them as integers
  local id = string.format('%.0f', redis.call('HINCRBY', META, 'seq', 1))
  redis.call('PUBLISH', channel, '{"type":"' .. kind .. '","id":' .. id .. ',"serverTime":' .. ARGV[2] .. ',' .. body .. '}')
  return id
end

-- the users held by a live lease, read once a call (lapsed leases are dropped as they are seen)
local held = nil
local function pinned(userId)
  if held == nil then
    held = {}
    local fields = redis.call('HGETALL', P)
    for i = 1, #fields, 2 do
      local f, untilMs = fields[i], tonumber(fields[i + 1])
      if untilMs < now then
        redis.call('HDEL', P, f)
      else
        held[string.match(f, '^(.*)%z')] = true
      end
    end
  end
  return held[userId] == true
end

-- the last record's host flag
local function claims(userId)
  local recs = redis.call('HGET', S, userId)
  if not recs then return false end
  local last = string.match(recs, '([^\n]+)\n$')
  return last ~= nil and string.match(last, '^%d+\t(%d)\t') == '1'
end

-- the user whose latest status claims the role (current host first, then join order); when the
-- host has left and nobody claims, the member present longest
local function updateHost()
  local host = redis.call('HGET', META, 'host')
  local nextHost = nil
  if host and claims(host) then
    nextHost = host
  else
    local members = redis.call('ZRANGE', M, 0, -1)
    for _, u in ipairs(members) do
      if claims(u) then nextHost = u break end
    end
    if not nextHost and host then
      if redis.call('ZSCORE', M, host) then nextHost = host elseif #members > 0 then nextHost = members[1] end
    end
  end
  if nextHost ~= (host or nil) then
    if nextHost then redis.call('HSET', META, 'host', nextHost) else redis.call('HDEL', META, 'host') end
    publish('host', '"roomCode":' .. roomJson .. ',"userId":' .. (nextHost and cjson.encode(nextHost) or 'null'))
  end
end

local function removeUser(userId, reason)
  redis.call('HDEL', S, userId)
  redis.call('ZREM', M, userId)
  redis.call('ZREM', L, userId)
  publish('leave', '"roomCode":' .. roomJson .. ',"userId":' .. cjson.encode(userId) .. ',"reason":"' .. reason .. '"')
end

-- users whose latest status left the window, unless a socket holds them
local function sweep()
  local expired = redis.call('ZRANGEBYSCORE', L, '-inf', '(' .. cutoff)
  local removed = false
  for _, u in ipairs(expired) do
    if not pinned(u) then
      removeUser(u, 'expired')
      removed = true
    end
  end
  if removed then updateHost() end
end

-- the room's keys outlive its last write by two windows (pins renew their own)
local function keepAlive()
  local ms = ttl * 2
  for i = 1, 4 do redis.call('PEXPIRE', KEYS[i], ms) end
end

if op == 'append' then
  -- ARGV[6] userId, ARGV[7] 1 when the status claims the host role, ARGV[8] status JSON, ARGV[9] history
  local userId, isHost, json, history = ARGV[6], ARGV[7], ARGV[8], tonumber(ARGV[9])
  sweep()
  local old = redis.call('HGET', S, userId)
  local kept = {}
  local wasClaim = false
  if old then
    for line in string.gmatch(old, '([^\n]+)\n') do
      local ts = tonumber(string.match(line, '^(%d+)\t'))
      if ts >= cutoff then table.insert(kept, line) end
      wasClaim = string.match(line, '^%d+\t(%d)\t') == '1'
    end
  end
  table.insert(kept, ARGV[2] .. '\t' .. isHost .. '\t' .. json)
  while #kept > history do table.remove(kept, 1) end
  redis.call('HSET', S, userId, table.concat(kept, '\n') .. '\n')
  redis.call('ZADD', M, 'NX', now, userId)
  redis.call('ZADD', L, now, userId)
  publish('status', '"status":' .. json)
  if not old or wasClaim ~= (isHost == '1') or not redis.call('HGET', META, 'host') then updateHost() end
  keepAlive()
  return 1
elseif op == 'room' then
  -- ARGV[6] a userId for one user's history, or '' for the whole room
  sweep()
  local meta = redis.call('HMGET', META, 'seq', 'host')
  local users = ARGV[6] ~= '' and { ARGV[6] } or redis.call('ZRANGE', M, 0, -1)
  local out = { meta[1] or (ARGV[2] .. '000'), meta[2] or '' }
  for _, u in ipairs(users) do
    table.insert(out, u)
    table.insert(out, redis.call('HGET', S, u) or '')
    table.insert(out, pinned(u) and '1' or '0')
  end
  return out
elseif op == 'pin' then
  -- ARGV[6] userId, ARGV[7] instance, ARGV[8] until when (ms)
  redis.call('HSET', P, ARGV[6] .. '\0' .. ARGV[7], ARGV[8])
  keepAlive()
  redis.call('PEXPIRE', P, ttl * 2)
  return 1
elseif op == 'unpin' then
  -- ARGV[6] userId, ARGV[7] instance: with its last socket the user leaves
  redis.call('HDEL', P, ARGV[6] .. '\0' .. ARGV[7])
  held = nil
  if not pinned(ARGV[6]) and redis.call('HEXISTS', S, ARGV[6]) == 1 then
    removeUser(ARGV[6], 'closed')
    updateHost()
  end
  return 1
end
return redis.error_reply('unknown op ' .. tostring(op))
