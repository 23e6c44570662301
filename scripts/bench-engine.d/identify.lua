-- wrk script: PUT /v1/users/{id} (identify) with a JSON body, ids spread over 100,000 users so
-- the run mixes inserts and deep-merge updates. Keep-alive is wrk's default.
local counter = 0
local thread_tag = tostring(math.random(1, 1000000))

request = function()
  counter = counter + 1
  local id = "bench-" .. thread_tag .. "-" .. (counter % 100000)
  local body = '{"name":"User ' .. counter .. '","email":"u' .. counter .. '@example.com","plan":{"tier":"pro","seats":' .. (counter % 50) .. '}}'
  return wrk.format("PUT", "/v1/users/" .. id, {
    ["Authorization"] = "Bearer " .. os.getenv("KNOCK_BENCH_KEY"),
    ["Content-Type"] = "application/json",
  }, body)
end
