-- wrk script: form posts to one room, or spread over ROOMS rooms; prints a JSON summary line.
local rooms = tonumber(os.getenv("ROOMS") or "1")
local counter = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"

function request()
  counter = counter + 1
  local room = rooms > 1 and ("room" .. (counter % rooms)) or "bench"
  return wrk.format(nil, "/rooms/" .. room .. "/messages/", nil, "from=wrk&text=message+" .. counter)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'JSON {"requests": %d, "seconds": %.3f, "rps": %.1f, "p50Ms": %.3f, "p99Ms": %.3f, "p999Ms": %.3f, "maxMs": %.3f, "errors": %d}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency:percentile(99.9) / 1000,
    latency.max / 1000,
    e.connect + e.read + e.write + e.status + e.timeout))
end
