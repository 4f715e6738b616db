#!/usr/bin/env bash
# `journeyer sanitize` as a member's tool would call it: stdin to stdout,
# exit 2 with a clear message on input it refuses.
set -uo pipefail
J="$1"
fail=0
check() {  # check NAME EXPECTED ACTUAL
  if [ "$2" != "$3" ]; then echo "FAIL $1: expected [$2] got [$3]"; fail=1; else echo "ok $1"; fi
}

out=$(printf '<p onclick=x>Hi <script>alert(1)</script><a href="javascript:alert(1)">a</a> <person>raph</person></p>' | "$J" sanitize)
check "html" '<p>Hi <a>a</a> <a href="/person/raph/">raph</a></p>' "$out"

out=$(printf '*hi* <b style=x>there</b>\n' | "$J" sanitize --markdown --policy reply)
check "markdown" '<p><em>hi</em> <b>there</b></p>' "$out"

out=$(printf '<a href="http://x.org/">x</a>' | "$J" sanitize --author-level 2)
check "trusted author's link" '<a href="http://x.org/">x</a>' "$out"

err=$(head -c 70000 /dev/zero | tr '\0' a | "$J" sanitize --policy notes 2>&1 >/dev/null); code=$?
check "too large exit code" 2 "$code"
check "too large message" "journeyer sanitize: the input is larger than the 64 KiB allowed by this policy; nothing was written" "$err"

err=$(printf 'x' | "$J" sanitize --policy blog 2>&1 >/dev/null); code=$?
check "unknown policy exit code" 2 "$code"
check "unknown policy message" 'journeyer sanitize: unknown policy "blog": use diary, notes or reply' "$err"

exit $fail
