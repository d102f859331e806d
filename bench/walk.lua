-- wrk script for bench/cold.py: asks for every path of WALK_PATHS once, in order, and stops
-- after the last answer. Run it with one thread (wrk -t1). Each answer is matched to its
-- request by the page's own address (WALK_MARKER, a Lua pattern capturing the path of the
-- canonical link), so latencies are timed here with the monotonic clock. Once every path has
-- been sent, free connections ask for WALK_FILLER (a cheap page), whose answers are not
-- counted: a sync gunicorn worker would hang on a connection that sends nothing. At the end
-- the figures go to WALK_OUT: "seconds answered failed unmatched", then one latency (ms) a line.
local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } walk_timespec;
int clock_gettime(int clock_id, walk_timespec *tp);
]]
local clock = ffi.new("walk_timespec")
local function now()
  ffi.C.clock_gettime(1, clock) -- CLOCK_MONOTONIC
  return tonumber(clock.tv_sec) + tonumber(clock.tv_nsec) * 1e-9
end

local paths, sent_at, latencies = {}, {}, {}
local position, answered, failed, unmatched = 0, 0, 0, 0
local first, last, finished = nil, nil, false
local marker = os.getenv("WALK_MARKER")
local filler = os.getenv("WALK_FILLER") or "/robots.txt"

function init(args)
  for line in io.lines(os.getenv("WALK_PATHS")) do
    if line ~= "" then paths[#paths + 1] = line end
  end
end

local verified = false

function request()
  -- wrk calls request() once before the run to check the script: that call is not sent.
  if not verified then
    verified = true
    return wrk.format("GET", filler)
  end
  if position >= #paths then return wrk.format("GET", filler) end
  position = position + 1
  local path, t = paths[position], now()
  first = first or t
  sent_at[path] = t
  return wrk.format("GET", path)
end

local function finish()
  finished = true
  local out = os.getenv("WALK_OUT")
  local file = io.open(out .. ".tmp", "w")
  file:write(string.format("%.6f %d %d %d\n", (last or now()) - first, answered, failed, unmatched))
  for _, ms in ipairs(latencies) do file:write(string.format("%.3f\n", ms)) end
  file:close()
  os.rename(out .. ".tmp", out)
  wrk.thread:stop()
end

function response(status, headers, body)
  if finished then return end
  local t = now()
  local path = body and body:match(marker)
  local started = path and sent_at[path]
  if started then
    sent_at[path] = nil
    latencies[#latencies + 1] = (t - started) * 1000
    answered, last = answered + 1, t
  elseif status >= 500 then
    failed, last = failed + 1, t -- an error page of a walked path (the filler never fails)
  elseif position >= #paths then
    -- most likely the filler's answer (a 404 on a site without the page): not counted
  else
    unmatched = unmatched + 1 -- a page without the marker: the walk would never end
  end
  if answered + failed >= #paths then finish() end
end
