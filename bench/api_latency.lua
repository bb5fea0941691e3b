-- wrk script of bench/api_latency.py: each connection sends the pre-generated queries of the
-- file $TRUCE_BENCH_PATHS (one path a line, each thread from its own starting line) with the
-- bearer token $TRUCE_BENCH_TOKEN, and the summary is printed as name=value pairs.
local paths = {}
for line in io.lines(os.getenv("TRUCE_BENCH_PATHS")) do paths[#paths + 1] = line end
local headers = { ["Authorization"] = "Bearer " .. os.getenv("TRUCE_BENCH_TOKEN") }
local next_path = 0
local threads = 0

function setup(thread)
  thread:set("first", threads * 7919)
  threads = threads + 1
end

function init(args)
  next_path = first % #paths
end

function request()
  next_path = next_path % #paths + 1
  return wrk.format("GET", paths[next_path], headers)
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    "wrk requests=%d errors=%d seconds=%.3f p50_ms=%.3f p99_ms=%.3f\n",
    summary.requests,
    errors.connect + errors.read + errors.write + errors.status + errors.timeout,
    summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
