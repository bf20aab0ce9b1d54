#!/usr/bin/env bash
# The deal desk decides one request under a policy, picks up a changed policy file
# before the next request, and keeps the last good policy when the file turns bad.
set -euo pipefail
desk=$1
examples=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$examples/data/policy.json" "$work/policy.json"
mkfifo "$work/in"
"$desk" "$work/policy.json" < "$work/in" > "$work/out" 2> "$work/err" &
exec 3> "$work/in"

ask() {  # send one request and wait for its answer line
  local want=$(( $(wc -l < "$work/out") + 1 ))
  echo "$1" >&3
  for _ in $(seq 100); do [ "$(wc -l < "$work/out")" -ge "$want" ] && return; sleep 0.05; done
  echo "no answer to: $1" >&2; exit 1
}

# 22% is the Director's in the sample policy.
ask '{"id": "Q-1", "request": {"discount": "22%", "deal_amount": "100000.00 USD"}}'
# The desk's policy changes: 22% is now within the Manager's band.
sed 's/"rules": \[/"levels": ["Account Executive", "Manager", "Director", "VP"], "bands": [{"from": "0%", "to": "10%", "level": "Account Executive"}, {"from": "10%", "to": "25%", "level": "Manager"}, {"from": "25%", "to": "35%", "level": "Director"}, {"from": "35%", "to": "100%", "level": "VP"}], "rules": [/' \
  "$examples/data/policy.json" > "$work/policy.json"
touch -d '+2 seconds' "$work/policy.json"
sleep 0.3  # the desk looks at the file at most four times a second
ask '{"id": "Q-2", "request": {"discount": "22%", "deal_amount": "100000.00 USD"}}'
# A broken edit: the desk keeps policy 2 and says why.
echo '{"discount": {"bands": [' > "$work/policy.json"
touch -d '+4 seconds' "$work/policy.json"
sleep 0.3
ask '{"id": "Q-3", "request": {"discount": "22%", "deal_amount": "100000.00 USD"}}'
ask '{"id": "Q-4", "request": {"discount": "-5%"}}'
ask 'not json'
exec 3>&-
wait

cat "$work/out"
cat "$work/err" >&2
grep -q '^{"id":"Q-1","level":"Director",.*"policy":1}$' "$work/out"
grep -q '^{"id":"Q-2","level":"Manager",.*"policy":2}$' "$work/out"
grep -q '^{"id":"Q-3","level":"Manager",.*"policy":2}$' "$work/out"
grep -q '^{"id":"Q-4","error":"/request/discount: the discount -5% is outside 0-100%","policy":2}$' "$work/out"
grep -q '^{"error":"line 1, column 1: not valid JSON.*","policy":2}$' "$work/out"
grep -q 'keeping policy 2: line 2' "$work/err"
[ "$(wc -l < "$work/out")" -eq 5 ]
echo "hot reload: 5 requests, 5 answers"
