#!/usr/bin/env bash
# One aggregator cycle over N members' feeds (default 10,000) served by nginx
# on loopback, half of them unchanged (answering 304 to the conditional GET)
# and half with one new post, through `journeyer feeds fetch --once` on a
# SQLite database. Prints the cycle's wall time and the process's peak RSS,
# and keeps them in $OUT/feeds_bench.txt.
#
#   bench/feeds_bench.sh [JOURNEYER_BIN] [FEEDS]
#
# Steps: N RSS files of 3 posts each; a database with N members whose feed
# URLs point at them; a first cycle imports everything (3N entries) and
# records each feed's ETag; half the files then get a new post, every feed
# is made due again (as 30 minutes later), and the second cycle is the one
# measured.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-build/release/src/cli/journeyer}
FEEDS=${2:-10000}
OUT=${OUT:-build/release/bench-results}
BIN=$(realpath "$BIN")

# shellcheck source=bench/lib.sh
. bench/lib.sh
scratch feeds-bench
chmod 755 "$tmp"  # nginx workers run as another user

# feed FILE N POSTS: an RSS 2.0 file with POSTS posts, the newest first.
write_feeds() {
  python3 - "$tmp/www/f" "$FEEDS" "$1" <<'PY'
import os, sys
root, n, posts = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
os.makedirs(root, exist_ok=True)
for i in range(n):
    if posts == 4 and i % 2 == 1:
        continue  # the odd half stays as it was: nginx answers 304
    items = []
    for p in range(posts, 0, -1):
        items.append(
            "<item><title>Post %d of blog %d</title><link>http://blog%d.example/%d.html</link>"
            "<guid>http://blog%d.example/%d.html</guid><pubDate>Tue, %02d Nov 2026 10:00:00 GMT</pubDate>"
            "<description>&lt;p&gt;Hello from blog %d, post %d, with &lt;a href=\"/x\"&gt;a link&lt;/a&gt;"
            " and some words to make it a paragraph of ordinary length.&lt;/p&gt;</description></item>"
            % (p, i, i, p, i, p, p + 10, i, p))
    xml = ("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Blog %d</title>"
           "<link>http://blog%d.example/</link>%s</channel></rss>" % (i, i, "".join(items)))
    with open(os.path.join(root, "%d.xml" % i), "w") as f:
        f.write(xml)
PY
}

echo "feeds_bench: $FEEDS feeds of 3 posts"
write_feeds 3

start_nginx 1 /f/0.xml 'default_type application/rss+xml;' 'keepalive_requests 100000;'

db="$tmp/site.db"
"$BIN" db migrate --db "sqlite:$db" > /dev/null
sqlite3 "$db" <<SQL
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < $FEEDS)
INSERT INTO accounts (name, name_key, member_since) SELECT 'blogger' || i, 'blogger' || i, 1000 FROM n;
INSERT INTO feeds (account_id, url)
  SELECT id, 'http://127.0.0.1:$nport/f/' || substr(name, 8) || '.xml' FROM accounts;
SQL
cat > "$tmp/site.toml" <<CONF
[feeds]
allow_loopback = true
CONF

cycle() {
  /usr/bin/time -f "%e %M" -o "$tmp/time.txt" \
    "$BIN" feeds fetch --once --db "sqlite:$db" --config "$tmp/site.toml" 2>/dev/null
  read -r secs kb < "$tmp/time.txt"
}

cycle
failed=$(sqlite3 "$db" "SELECT COUNT(*) FROM feeds WHERE last_error <> ''")
if [ "$failed" != 0 ]; then
  echo "feeds_bench: $failed feeds failed, e.g.: $(sqlite3 "$db" "SELECT last_error FROM feeds WHERE last_error <> '' LIMIT 1")" >&2
  exit 1
fi
echo "feeds_bench: first cycle (every feed new): ${secs} s, peak RSS $((kb / 1024)) MB"
write_feeds 4
sqlite3 "$db" "UPDATE feeds SET next_fetch = 0"
cycle
entries=$(sqlite3 "$db" "SELECT COUNT(*) FROM diary_entries")
line="feeds_bench: $FEEDS feeds, half 304: one cycle in ${secs} s, peak RSS $((kb / 1024)) MB ($entries diary entries)"
echo "$line"
mkdir -p "$OUT"
echo "$line" >> "$OUT/feeds_bench.txt"
