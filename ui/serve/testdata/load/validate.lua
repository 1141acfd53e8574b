-- wrk script: POST /api/validate with a 16-character password.
wrk.method = "POST"
wrk.body = '{"password":"Tr0ub4dor&3xyzAB"}'
wrk.headers["Content-Type"] = "application/json"
