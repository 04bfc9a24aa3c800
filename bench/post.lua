-- POST /api/activities for wrk: the body the React front end sends when a user posts a crud.
wrk.method = "POST"
wrk.body = '{"message":"Hello from the load benchmark","ttl":"1-hour"}'
wrk.headers["Content-Type"] = "application/json"
