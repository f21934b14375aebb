-- wrk: dues paid by a member of the city drawn at random, one event a request.
-- TOKEN: a write token over *; MEMBERS: how many members the city has.
local members = tonumber(os.getenv("MEMBERS") or "100000")
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
wrk.headers["Content-Type"] = "application/json"

request = function()
  local body = string.format('{"duesPaid":{"memberId":"m%08d","year":2026,"paidMonths":%d}}',
                             math.random(0, members - 1), bit.lshift(1, math.random(0, 10)))
  return wrk.format(nil, "/v1/events", nil, body)
end
