-- wrk script: GET the first page of users (50 entries).
request = function()
  return wrk.format("GET", "/v1/users", { ["Authorization"] = "Bearer " .. os.getenv("KNOCK_BENCH_KEY") })
end
