-- wrk script: GET the first page of one user's in-app feed (50 entries and the badge counts).
request = function()
  return wrk.format("GET", "/v1/users/bench-user-1/feeds/" .. os.getenv("KNOCK_BENCH_FEED"),
    { ["Authorization"] = "Bearer " .. os.getenv("KNOCK_BENCH_KEY") })
end
