#!/usr/bin/env bash
# Fetches Debian 13 (trixie)'s python3-uvicorn (pure Python) for scripts/lab, WITHOUT installing it: a private
# apt configuration (its own sources list, lists and cache, in the cache directory below) downloads the .deb
# from the machine's own Debian mirror, `dpkg-deb -x` unpacks it, and the lab runs it with
#   PYTHONPATH=DIR /usr/bin/python3 -m uvicorn ...
# next to bookworm's own h11, click, starlette and FastAPI. /etc/apt and the installed system are not touched.
#
#   scripts/lab.d/uvicorn-current.sh     prints DIR (.../usr/lib/python3/dist-packages) on stdout
#
# The mirror is the URI of the machine's own apt source for its release (deb822 .sources or sources.list);
# the trixie Release file must verify with debian-archive-keyring (its combined keyring carries the trixie
# keys). The result is cached in ${XDG_CACHE_HOME:-/var/cache}/hopsniff-lab/uvicorn-trixie (mode 0700) and
# reused. On any failure: one line on stderr, exit 1. Needs root only for a cache under /var/cache.
set -euo pipefail

SUITE=trixie
PKG=python3-uvicorn
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
CACHE="${XDG_CACHE_HOME:-/var/cache}/hopsniff-lab/uvicorn-$SUITE"
DIST="$CACHE/root/usr/lib/python3/dist-packages"
PY=/usr/bin/python3

fail() { echo "uvicorn-current: cannot provide $SUITE's $PKG: $*" >&2; exit 1; }

version_ok() {  # the unpacked tree imports with bookworm's python3 and its dependencies
  PYTHONPATH="$DIST" "$PY" -c 'import uvicorn, uvicorn.main, sys; sys.stdout.write(uvicorn.__version__)' 2>/dev/null
}

if [[ -f "$CACHE/fetched" ]] && version_ok >/dev/null; then
  echo "$DIST"
  exit 0
fi

# The archive URI of this machine's own release, from its apt sources (never a host name of our own).
mirror_uri() {
  local codename f
  codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
  [[ -n $codename ]] || return 1
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -r $f ]] || continue
    # deb822 stanzas: the first "URIs:" of a stanza of Types deb whose Suites name the release itself
    awk -v rel="$codename" '
      BEGIN { RS = ""; FS = "\n" }
      {
        t = ""; u = ""; s = ""
        for (i = 1; i <= NF; i++) {
          if ($i ~ /^Types:/)  { t = $i; sub(/^Types:/, "", t) }
          if ($i ~ /^URIs:/)   { u = $i; sub(/^URIs:/, "", u) }
          if ($i ~ /^Suites:/) { s = $i; sub(/^Suites:/, "", s) }
        }
        deb = 0; hit = 0
        n = split(t, ta, /[ \t]+/); for (j = 1; j <= n; j++) if (ta[j] == "deb") deb = 1
        n = split(s, sa, /[ \t]+/); for (j = 1; j <= n; j++) if (sa[j] == rel) hit = 1
        n = split(u, ua, /[ \t]+/)
        if (deb && hit) for (j = 1; j <= n; j++) if (ua[j] != "") { print ua[j]; exit }
      }' "$f"
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -r $f ]] || continue
    # one-line format: deb [options] URI SUITE COMPONENTS...
    sed -E 's/\[[^]]*\]//' "$f" | awk -v rel="$codename" '$1 == "deb" && $3 == rel { print $2; exit }'
  done
}
URI=$(mirror_uri | head -n 1 || true)
[[ -n $URI ]] || fail "no apt source for this machine's release found in /etc/apt (deb822 .sources or sources.list)"
[[ -r $KEYRING ]] || fail "$KEYRING missing (Debian package debian-archive-keyring)"

umask 077
mkdir -p "$CACHE"
chmod 0700 "$CACHE" "$(dirname "$CACHE")"
APT="$CACHE/apt"
rm -rf "$APT" "$CACHE/root" "$CACHE/fetched"
mkdir -p "$APT/sources.list.d" "$APT/lists/partial" "$APT/cache/archives/partial" "$APT/deb"
echo "deb [signed-by=$KEYRING] $URI $SUITE main" >"$APT/sources.list"
opts=(-o "Dir::Etc::SourceList=$APT/sources.list" -o "Dir::Etc::SourceParts=$APT/sources.list.d"
      -o "Dir::State::Lists=$APT/lists" -o "Dir::Cache=$APT/cache"
      -o "APT::Sandbox::User=root" -o "Acquire::Languages=none" -o "Acquire::PDiffs=false"
      -o "Acquire::IndexTargets::deb::Contents-deb::DefaultEnabled=false"
      -o "Acquire::IndexTargets::deb::DEP-11::DefaultEnabled=false"
      -o "Acquire::IndexTargets::deb::DEP-11-icons::DefaultEnabled=false"
      -o "Acquire::IndexTargets::deb::DEP-11-icons-small::DefaultEnabled=false")
apt-get "${opts[@]}" -q update >"$APT/update.log" 2>&1 ||
  fail "private apt-get update of $URI $SUITE failed: $(grep -E '^(E|W):' "$APT/update.log" | head -n 1)"
grep -q '^W:.*\(NO_PUBKEY\|not signed\|signature\)' "$APT/update.log" &&
  fail "the $SUITE Release file does not verify with $KEYRING: $(grep '^W:' "$APT/update.log" | head -n 1)"
(cd "$APT/deb" && apt-get "${opts[@]}" -q download "$PKG/$SUITE") >"$APT/download.log" 2>&1 ||
  fail "apt-get download $PKG/$SUITE failed: $(grep -E '^(E|W):' "$APT/download.log" | head -n 1)"
deb=$(ls "$APT/deb"/"$PKG"_*.deb 2>/dev/null | head -n 1 || true)
[[ -n $deb ]] || fail "apt-get download left no .deb in $APT/deb"
dpkg-deb -x "$deb" "$CACHE/root" || fail "dpkg-deb -x $deb failed"
v=$(version_ok) || fail "the unpacked $PKG does not import with $PY (missing dependency?): $(PYTHONPATH="$DIST" "$PY" -c 'import uvicorn.main' 2>&1 | tail -n 1)"
{
  echo "package: $(dpkg-deb -f "$deb" Package) $(dpkg-deb -f "$deb" Version) ($SUITE), unpacked with dpkg-deb -x, not installed"
  echo "uvicorn.__version__: $v"
  echo "deb: $(basename "$deb") sha256 $(sha256sum "$deb" | cut -d' ' -f1)"
  echo "from: $URI $SUITE main (signed-by $KEYRING)"
  echo "depends: $(dpkg-deb -f "$deb" Depends)"
} >"$CACHE/fetched"
rm -rf "$APT/lists" "$APT/cache"   # ~10 MB of trixie indexes, not needed once unpacked
echo "$DIST"
