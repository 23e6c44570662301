-- wrk script: POST /v1/workflows/bench-one/trigger (one in-app step) naming one of 100
-- identified users (load-0 … load-99) by id, with the request number as trigger data.
local counter = 0
local thread_tag = tostring(math.random(1, 1000000))

request = function()
  counter = counter + 1
  local body = '{"recipients":["load-' .. (counter % 100) .. '"],"data":{"n":' .. counter .. ',"from":"' .. thread_tag .. '"}}'
  return wrk.format("POST", "/v1/workflows/bench-one/trigger", {
    ["Authorization"] = "Bearer " .. os.getenv("KNOCK_BENCH_KEY"),
    ["Content-Type"] = "application/json",
  }, body)
end
