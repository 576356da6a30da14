# The reference Elastic query (queries/reference.eql) as jq: CronJob and Job writes whose
# document matches one of its patterns. `message` is the whole event, here re-serialized with
# tojson; regexes search anywhere and honour (?i), as the query's authors meant them.
select(
  ((.objectRef.resource // "") | ascii_downcase | IN("cronjobs", "jobs"))
  and ((.verb // "") | ascii_downcase | IN("create", "update", "patch"))
  and (tojson as $m
    | ($m | test("(alpine|busybox|ubuntu|debian|kali|python|perl|ruby|php|ncat|netcat|nmap|masscan|curl|wget)"; "i"))
      or ($m | test("(bash -i|/dev/tcp|mkfifo|socat|base64 -d|chmod \\+x)"; "i"))
      or ($m | ascii_downcase | contains("hostpath"))
      or ($m | test("privileged.*true"))
      or ($m | test("hostNetwork.*true"))
      or ($m | test("/var/run/docker\\.sock|/proc|/sys")))
)
| {auditID}
