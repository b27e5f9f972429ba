#!/bin/sh
# Posts one freshly invented article every INTERVAL seconds (default 0.5) until killed, so that
# the load test reads while the writer ingests. Usage: writer.sh http://127.0.0.1:8080 TOKEN [INTERVAL]
url=$1; token=$2; interval=${3:-0.5}; i=0; ok=0
while :; do
  i=$((i + 1))
  # A different day each time, so that the events are new ones, not more mentions of old ones.
  day="20$((10 + i % 15))-0$((1 + i % 9))-1$((i % 9))"
  body="{\"id\":\"load-$$-$i\",\"date\":\"$day\",\"source\":\"load\",\"text\":\"Russia accused Ukraine of shelling Belgorod on Tuesday, report $i. China urged both sides to return to talks in Geneva. The United States sent military aid to Ukraine.\"}"
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/json' --data-binary "$body" "$url/api/documents")
  [ "$code" = 200 ] && ok=$((ok + 1))
  echo "$i $ok $code" > "${WRITER_STATUS:-/dev/null}"
  sleep "$interval"
done
