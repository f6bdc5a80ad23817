-- tollgate's Redis engine: reserve, settle, renew, readout and reset of ONE slot (one
-- budget counter in one window position), each atomic. Loaded as the Function library
-- `tollgate` (functions tollgate_<op>) or, where FUNCTION is not allowed, run as one script
-- whose ARGV[1] names the op (see engine.rs). Touches only the four keys it is given, all
-- sharing one hash tag:
--   KEYS[1] used    string: settled usage
--   KEYS[2] holds   zset:   reservation id -> hold deadline (unix ms)
--   KEYS[3] amounts hash:   reservation id -> held amount; field '*' = sum of the held amounts
--   KEYS[4] settled zset:   settled reservation id -> when it may be forgotten (unix ms)
-- Every op's args start with the expiry rule: 'f', window end (unix s) for fixed windows,
-- or 'i', idle seconds for session-idle windows. Numbers stay below 2^53 (checked by the
-- service), so Lua's doubles hold them exactly.

-- How long a settled id is remembered after its hold's deadline (a retried settle or
-- reserve within that time is a no-op); bounds the settled set's memory in long windows.
local SETTLED_GRACE_MS = 3600000

local function int(x)
  return string.format('%d', x)
end

local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

-- Drops holds whose deadline has passed (and their amounts) and forgotten settled ids.
local function prune(keys, now)
  local expired = redis.call('ZRANGEBYSCORE', keys[2], '-inf', int(now))
  if #expired > 0 then
    local freed = 0
    for _, id in ipairs(expired) do
      local a = redis.call('HGET', keys[3], id)
      if a then
        freed = freed + tonumber(a)
        redis.call('HDEL', keys[3], id)
      end
    end
    redis.call('ZREMRANGEBYSCORE', keys[2], '-inf', int(now))
    if freed > 0 then
      redis.call('HINCRBY', keys[3], '*', int(-freed))
    end
  end
  redis.call('ZREMRANGEBYSCORE', keys[4], '-inf', int(now))
end

local function totals(keys)
  local used = tonumber(redis.call('GET', keys[1])) or 0
  local held = tonumber(redis.call('HGET', keys[3], '*')) or 0
  return used, held
end

-- When the keys expire, all four together. Fixed windows ('f'): at the window end plus
-- `extra_ms` (the hold just taken), at the latest expiry any of them has, never shortened
-- (NX sets a first expiry, GT only moves it later). Session-idle windows ('i'): exactly at
-- the later of now + idle and the last open hold's deadline (a request in flight is
-- activity), so settling the last hold brings the idle deadline back to now + idle.
local function expire_all(keys, kind, value, now, extra_ms)
  if kind == 'i' then
    local at = math.floor(now / 1000) + value
    local last = redis.call('ZRANGE', keys[2], -1, -1, 'WITHSCORES')
    if last[2] then
      at = math.max(at, math.ceil(tonumber(last[2]) / 1000))
    end
    for i = 1, 4 do
      redis.call('EXPIREAT', keys[i], int(at))
    end
    return
  end
  local at = value + math.ceil(extra_ms / 1000)
  for i = 1, 4 do
    local t = redis.call('EXPIRETIME', keys[i])
    if t > at then
      at = t
    end
  end
  for i = 1, 4 do
    redis.call('EXPIREAT', keys[i], int(at), 'NX')
    redis.call('EXPIREAT', keys[i], int(at), 'GT')
  end
end

-- args: kind, value, id, amount, limit, hold_ms
-- -> {status, used, held}: status 1 held now, 2 already held by this id, 3 already settled
--    by this id, 0 refused (used + held + amount > limit).
local function reserve(keys, args)
  local kind, value, id = args[1], tonumber(args[2]), args[3]
  local amount, limit, hold_ms = tonumber(args[4]), tonumber(args[5]), tonumber(args[6])
  local now = now_ms()
  prune(keys, now)
  local used, held = totals(keys)
  if redis.call('ZSCORE', keys[4], id) then
    return {3, used, held}
  end
  if redis.call('ZSCORE', keys[2], id) then
    return {2, used, held}
  end
  if used + held + amount > limit then
    return {0, used, held}
  end
  redis.call('ZADD', keys[2], int(now + hold_ms), id)
  redis.call('HSET', keys[3], id, args[4])
  redis.call('HINCRBY', keys[3], '*', args[4])
  expire_all(keys, kind, value, now, hold_ms)
  return {1, used, held + amount}
end

-- args: kind, value, id, amount, mark ('1': remember the id as settled; '0': only drop the
-- hold, the rollback of a refused multi-budget reserve)
-- -> {already_settled 0|1, used, held}. A hold that expired already still charges.
local function settle(keys, args)
  local kind, value, id = args[1], tonumber(args[2]), args[3]
  local amount = tonumber(args[4])
  local now = now_ms()
  prune(keys, now)
  if redis.call('ZSCORE', keys[4], id) then
    local used, held = totals(keys)
    return {1, used, held}
  end
  local deadline = tonumber(redis.call('ZSCORE', keys[2], id)) or now
  local a = redis.call('HGET', keys[3], id)
  if a then
    redis.call('HDEL', keys[3], id)
    redis.call('HINCRBY', keys[3], '*', int(-tonumber(a)))
  end
  redis.call('ZREM', keys[2], id)
  if amount > 0 then
    redis.call('INCRBY', keys[1], args[4])
  end
  if args[5] == '1' then
    redis.call('ZADD', keys[4], int(math.max(deadline, now) + SETTLED_GRACE_MS), id)
  end
  expire_all(keys, kind, value, now, 0)
  local used, held = totals(keys)
  return {0, used, held}
end

-- args: kind, value, id, hold_ms -> 1 moved, 0 the hold was gone
local function renew(keys, args)
  local kind, value, id, hold_ms = args[1], tonumber(args[2]), args[3], tonumber(args[4])
  local now = now_ms()
  prune(keys, now)
  if not redis.call('ZSCORE', keys[2], id) then
    return 0
  end
  redis.call('ZADD', keys[2], 'XX', int(now + hold_ms), id)
  expire_all(keys, kind, value, now, hold_ms)
  return 1
end

-- args: (kind, value) -> {used, held, latest key expiry in unix s or -1}
local function readout(keys, args)
  local now = now_ms()
  prune(keys, now)
  local used, held = totals(keys)
  local latest = -1
  for i = 1, 4 do
    local t = redis.call('EXPIRETIME', keys[i])
    if t > latest then
      latest = t
    end
  end
  return {used, held, latest}
end

-- -> 1 when the slot had any key, else 0
local function reset(keys, args)
  local n = redis.call('DEL', keys[1], keys[2], keys[3], keys[4])
  if n > 0 then
    return 1
  end
  return 0
end

local ops = {reserve = reserve, settle = settle, renew = renew, readout = readout, reset = reset}
