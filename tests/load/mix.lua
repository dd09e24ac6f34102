-- A mix of what staff do: dashboard, filtered lists, details, exports and static files.
-- Paths come from the PATHS environment variable (space-separated), cycled per request.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  paths = {}
  for path in string.gmatch(os.getenv("PATHS") or "/", "%S+") do
    table.insert(paths, path)
  end
  counter = math.random(#paths)
  errors = 0
  statuses = {}
  wrk.headers["Cookie"] = os.getenv("COOKIE") or ""
  wrk.headers["X-Forwarded-Proto"] = "https"
end

-- Think time: a person reads a page before the next click. THINK_MS="0" hammers the
-- server back to back (a saturation test); the default is 500 to 1500 ms per user.
function delay()
  local think = tonumber(os.getenv("THINK_MS") or "1000")
  if think <= 0 then
    return 0
  end
  return math.random(math.floor(think / 2), think + math.floor(think / 2))
end

function request()
  counter = counter % #paths + 1
  return wrk.format("GET", paths[counter])
end

function response(status, headers, body)
  if status >= 400 or status == 302 then
    errors = errors + 1
    statuses[status] = (statuses[status] or 0) + 1
  end
end

function done(summary, latency, requests)
  local errors_total = 0
  for _, thread in ipairs(threads) do
    errors_total = errors_total + thread:get("errors")
  end
  io.write(string.format(
    'RESULT {"requests": %d, "duration_s": %.2f, "errors": %d, "socket_errors": %d, ' ..
    '"p50_ms": %.1f, "p95_ms": %.1f, "p99_ms": %.1f, "max_ms": %.1f}\n',
    summary.requests, summary.duration / 1e6, errors_total,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
