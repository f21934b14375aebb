-- wrk: a branch's findings, the branch drawn at random from BRANCHES (a file,
-- one org id a line). TOKEN: a read token over *.
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
local branches = {}
for line in io.lines(os.getenv("BRANCHES")) do branches[#branches + 1] = line end

request = function()
  return wrk.format("GET", "/v1/findings?scope=" .. branches[math.random(1, #branches)])
end
