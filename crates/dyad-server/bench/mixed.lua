-- wrk script: spreads requests over filtered /api/events and /api/timeline URLs.
-- wrk -t2 -c50 -d30s --latency -s crates/dyad-server/bench/mixed.lua http://127.0.0.1:8080
-- Set PATHS=events or PATHS=timeline to load one kind only.
local events = {
  "/api/events?source=USA&limit=100",
  "/api/events?dyad=USA-RUS&limit=100",
  "/api/events?root=19&from=2020-01-01&limit=100",
  "/api/events?country=CHN&quad=4&limit=100",
  "/api/events?from=2024-01-01&to=2024-03-31&limit=100",
  "/api/events?actor=IRN&root=04&limit=50",
  "/api/events?target=UKRMIL&limit=100",
  "/api/events?quad=1&from=2023-06-01&to=2023-06-30&limit=100",
}
local timeline = {
  "/api/timeline?dyad=USA-RUS&by=month",
  "/api/timeline?dyad=ISR-IRN&by=week",
  "/api/timeline?dyad=CHN-USA&root=19&by=day",
  "/api/timeline?source=PRK&by=month",
  "/api/timeline?from=2024-01-01&to=2024-03-31&by=day",
  "/api/timeline?target=SYR&from=2020-01-01&by=month",
}
local which = os.getenv("PATHS") or "mixed"
local paths = {}
if which ~= "timeline" then for _, p in ipairs(events) do table.insert(paths, p) end end
if which ~= "events" then for _, p in ipairs(timeline) do table.insert(paths, p) end end

local counter = 0
function setup(thread)
  thread:set("offset", counter * 7)
  counter = counter + 1
end

local i = 0
request = function()
  i = i + 1
  local p = paths[((i + (offset or 0)) % #paths) + 1]
  return wrk.format("GET", p)
end

local statuses = {}
response = function(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

done = function(summary, latency, requests)
  io.write(string.format("p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms, %.0f req/s, non-2xx %d\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, summary.requests / (summary.duration / 1e6),
    (summary.errors.status or 0)))
end
