#!/usr/bin/env bash
# A person's RSS feed (GET /person/dreier/rss.xml, 20 diary entries of a
# few paragraphs each) from journeyer serve and from nginx serving the same
# bytes, side by side with wrk (bench/web_bench.sh does the work).
#
#   bench/feed_bench.sh [JOURNEYER_BIN] [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
ENTRIES=20
PARAGRAPH='<p>Worked on the <em>trust metric</em> today: the flow now keeps its labels between levels, and the
Master level takes a third of the time it did. Tried a <a href="https://example.org/">new profiler</a> &amp; it
agrees with callgrind.</p>'
# The entries are written straight into the imported database, an hour apart.
SQL="INSERT INTO diary_entries (author, title, body, format, created, updated)
  SELECT a.id, 'Day ' || n.v, '$PARAGRAPH$PARAGRAPH$PARAGRAPH', 'html', 1700000000 + n.v * 3600, 1700000000 + n.v * 3600
  FROM accounts a, (WITH RECURSIVE c(v) AS (SELECT 1 UNION ALL SELECT v + 1 FROM c WHERE v < $ENTRIES) SELECT v FROM c) n
  WHERE a.name = 'dreier';"
PAGE=/person/dreier/rss.xml SETUP_SQL="$SQL" NAME=feed exec bench/web_bench.sh "$@"
