-- wrk script: reads the history (PATH_QUERY may page deep with before=); JSON summary line.
local query = os.getenv("PATH_QUERY") or ""
function request()
  return wrk.format("GET", "/rooms/history/messages/" .. query)
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
