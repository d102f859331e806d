#!/usr/bin/env bash
# The Debian packages the browser and nginx tests need: chromium, fonts-noto-cjk (or Chinese
# renders as boxes) and nginx. Installs what is missing with apt when run as root (or with
# password-less sudo); otherwise installs nothing and the suite skips those tests, saying why.
# Used by `make test` and by .ci/run. Never fails the caller: a missing package is a skip.
set -uo pipefail

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
# The font files, as the suite looks for them (dpkg -s also says yes for a removed package
# whose configuration files are left).
ls /usr/share/fonts/opentype/noto/NotoSansCJK* >/dev/null 2>&1 || need+=(fonts-noto-cjk)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need+=(nginx)
[ ${#need[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  echo "test-deps: not root, not installing ${need[*]} (sudo apt-get install ${need[*]})"
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "test-deps: no apt-get here, cannot install ${need[*]}"
  exit 0
fi

echo "test-deps: apt-get install ${need[*]}"
"${as_root[@]}" apt-get update -qq >/dev/null \
  && "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
     apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null \
  || echo "test-deps: apt-get failed; the tests that need ${need[*]} will be skipped"
exit 0
