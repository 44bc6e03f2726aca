#!/usr/bin/env node
// @vercel/cosmosdb-server over plain HTTP on 127.0.0.1, with two compatibility fixes for the .NET SDK (Gateway mode),
// which the SDK needs of this emulator:
// - Query plans: the SDK asks the gateway for one (x-ms-cosmos-is-query-plan-request) before a cross-partition query;
//   this server has none. The answer here says "a plain query over the whole key range", which is exact for a server
//   with a single partition key range: it then runs ORDER BY, filters and paging itself.
// - A read of a missing document fails inside the server (500); it is answered as Cosmos DB does, 404 NotFound.
// Usage: node cosmos.js PORT
const { randomUUID } = require("crypto");
const { createHttpServer } = require("@vercel/cosmosdb-server");

const port = parseInt(process.argv[2], 10);
const server = createHttpServer();
const [serve] = server.listeners("request");
server.removeAllListeners("request");

const queryPlan = JSON.stringify({
  partitionedQueryExecutionInfoVersion: 2,
  queryInfo: {
    distinctType: "None", top: null, offset: null, limit: null, orderBy: [], orderByExpressions: [],
    groupByExpressions: [], groupByAliases: [], aggregates: [], groupByAliasToAggregateType: {},
    rewrittenQuery: "", hasSelectValue: false, dCountInfo: null,
  },
  queryRanges: [{ min: "", max: "FF", isMinInclusive: true, isMaxInclusive: false }],
});

server.on("request", (req, res) => {
  if (String(req.headers["x-ms-cosmos-is-query-plan-request"]).toLowerCase() === "true") {
    req.resume();
    res.writeHead(200, { "content-type": "application/json", "x-ms-request-charge": "0", "x-ms-activity-id": randomUUID() });
    res.end(queryPlan);
    return;
  }

  if (req.method === "GET" && /\/docs\/[^/]+$/.test(req.url.split("?")[0])) {
    const end = res.end.bind(res);
    res.end = (body, ...rest) => {
      if (res.statusCode === 500 && !res.headersSent) {
        res.statusCode = 404;
        body = JSON.stringify({ code: "NotFound", message: "Entity with the specified id does not exist in the system." });
      }
      return end(body, ...rest);
    };
  }

  serve(req, res);
});

server.listen(port, "127.0.0.1", () => console.log(`listening on 127.0.0.1:${port}`));
