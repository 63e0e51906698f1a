#!/usr/bin/env bash
# The Debian packages as an operator meets them, built by cpack from the build tree under test
# (packaging/): their files (dpkg-deb -c) and control fields (dpkg-deb -f, -I), lintian, the
# unit (systemd-analyze verify), then the packaged chat-server, unpacked, run against the
# packaged web root and settings: --version, --check, and a short start stopped by SIGTERM.
#   debpackages.sh <cpack> <build dir> <source dir> <package version> <desktop packaged: 1|0>
set -euo pipefail
cpack=$1 build=$2 source=$3 version=$4 desktop=$5

work=$(mktemp -d)
server_pid=
cleanup() {
    if [ -n "$server_pid" ]; then kill -KILL "$server_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT
fail() {
    echo "FAIL: $*" >&2
    exit 1
}
step() { echo "--- $*"; }

step "cpack --config $build/CPackConfig.cmake"
if ! "$cpack" --config "$build/CPackConfig.cmake" -B "$work/packages" >"$work/cpack.log" 2>&1; then
    cat "$work/cpack.log"
    fail "cpack failed"
fi
arch=$(dpkg --print-architecture)
server_deb=$work/packages/chat-server_${version}_$arch.deb
desktop_deb=$work/packages/chat-desktop_${version}_$arch.deb
debs=("$server_deb")
if [ "$desktop" = 1 ]; then debs+=("$desktop_deb"); fi
for deb in "${debs[@]}"; do
    [ -f "$deb" ] || fail "no $(basename "$deb") in: $(ls "$work/packages")"
done

# has_files <deb> <path>...: each path is a regular file in the package.
has_files() {
    local deb=$1 listing
    shift
    listing=$(dpkg-deb -c "$deb" | awk '$1 ~ /^-/ { sub(/^\./, "", $6); print $6 }')
    for path in "$@"; do
        grep -qxF "$path" <<<"$listing" || fail "$(basename "$deb") lacks $path"
    done
}
# field_has <deb> <field> <text>...: the control field holds each text.
field_has() {
    local deb=$1 field=$2 value
    shift 2
    value=$(dpkg-deb -f "$deb" "$field")
    for text in "$@"; do
        grep -qF -- "$text" <<<"$value" || fail "$(basename "$deb") $field: '$value' lacks '$text'"
    done
}

step "contents and control fields"
web_files=()
while IFS= read -r file; do
    web_files+=("/usr/share/chat/web/$file")
done < <(cd "$source/web" && find . -type f ! -path './node_modules/*' ! -name 'package*.json' \
    ! -name '.*' | sed 's|^\./||' | sort)
((${#web_files[@]} > 3)) || fail "found only ${#web_files[@]} files in $source/web"
has_files "$server_deb" /usr/bin/chat-server /lib/systemd/system/chat-server.service \
    /etc/chat/chat-server.env /usr/share/man/man1/chat-server.1.gz \
    /usr/bin/chat-admin /usr/share/man/man1/chat-admin.1.gz \
    /usr/share/doc/chat-server/copyright /usr/share/doc/chat-server/changelog.Debian.gz \
    /usr/share/chat/web/node_modules/jquery/dist/jquery.min.js "${web_files[@]}"
server_paths=$(dpkg-deb -c "$server_deb" | awk '{ sub(/^\./, "", $6); print $6 }')
if grep -E 'package(-lock)?\.json|/\.[^/]|/tests?/|\.test\.' <<<"$server_paths"; then
    fail "chat-server holds npm, hidden or test files (above)"
fi
if grep node_modules/ <<<"$server_paths" \
    | grep -vE '^/usr/share/chat/web/node_modules/(jquery/(dist/(jquery\.min\.(js|map))?)?)?$'; then
    fail "chat-server holds more of node_modules than the vendored jQuery (above)"
fi
dpkg-deb -I "$server_deb" conffiles | grep -qxF /etc/chat/chat-server.env \
    || fail "/etc/chat/chat-server.env is not a conffile"
for deb in "${debs[@]}"; do
    field_has "$deb" Version "$version"
    field_has "$deb" Section net
    field_has "$deb" Priority optional
    field_has "$deb" Depends libc6 libqt6core6 libqt6network6
    for field in Maintainer Homepage Description; do
        [ -n "$(dpkg-deb -f "$deb" "$field")" ] || fail "$(basename "$deb") has no $field"
    done
done
field_has "$server_deb" Depends libqt6httpserver6 libqt6sql6 libqt6sql6-sqlite libssl3
field_has "$server_deb" Recommends libqt6sql6-psql
if [ "$desktop" = 1 ]; then
    has_files "$desktop_deb" /usr/bin/chat-desktop /usr/share/applications/chat-desktop.desktop \
        /usr/share/icons/hicolor/scalable/apps/chat-desktop.svg \
        /usr/share/man/man1/chat-desktop.1.gz /usr/share/doc/chat-desktop/copyright \
        /usr/share/doc/chat-desktop/changelog.Debian.gz
    field_has "$desktop_deb" Depends libqt6widgets6 libqt6gui6
fi

step "lintian"
# Warnings fail too: the packages carry an override, with its reason, for each one accepted.
if ! lintian --no-cfg --fail-on error,warning --display-info "${debs[@]}"; then
    fail "lintian found errors or warnings (above)"
fi

root=$work/root
for deb in "${debs[@]}"; do dpkg-deb -x "$deb" "$root"; done
bin=$root/usr/bin/chat-server
web=$root/usr/share/chat/web
env_file=$root/etc/chat/chat-server.env

step "systemd-analyze verify"
if command -v systemd-analyze >/dev/null; then
    # The unpacked package as the root, with this machine's units for the targets it names;
    # the man page Documentation= names is the packaged one. Any complaint about the unit fails,
    # warnings (an unknown key, say) too.
    mkdir -p "$root/etc/systemd/system"
    cp -an /lib/systemd/system/. "$root/lib/systemd/system/"
    verify() {
        if ! MANPATH=$root/usr/share/man systemd-analyze verify --root="$root" \
            chat-server.service >"$work/verify.log" 2>&1 || grep -q chat-server "$work/verify.log"
        then
            cat "$work/verify.log"
            fail "systemd-analyze verify: $1"
        fi
        cat "$work/verify.log"
    }
    verify "the unit"
    # The credential drop-in the unit's comments (and README) describe, as a drop-in.
    dropin=$root/etc/systemd/system/chat-server.service.d
    mkdir -p "$dropin"
    sed -n 's/^#   //p' "$root/lib/systemd/system/chat-server.service" >"$dropin/credential.conf"
    grep -q '^LoadCredential=admin-token:' "$dropin/credential.conf" \
        || fail "the unit's comments describe no admin-token credential"
    while IFS= read -r line; do
        grep -qF -- "$line" "$source/README.md" || fail "README.md lacks the drop-in line '$line'"
    done <"$dropin/credential.conf"
    verify "the unit with the credential drop-in"
else
    echo "(no systemd-analyze here: skipped)"
fi

# The packaged binary in the environment systemd gives it: nothing but the settings file, here
# read by the server itself (--env-file), with the paths of this unpacked tree on top.
# run_server [NAME=value...] [option...]
run_server() {
    local variables=()
    while [[ ${1:-} == [A-Z]*=* ]]; do
        variables+=("$1")
        shift
    done
    env -i PATH=/usr/bin:/bin "${variables[@]}" "$bin" --env-file "$env_file" --web-root "$web" \
        --database "$work/state/chat.sqlite3" "$@"
}

step "chat-server --version, --check"
reported=$(env -i "$bin" --version)
[ "$reported" = "chat-server ${version%-*}" ] || fail "--version says '$reported'"
admin=$(env -i "$root/usr/bin/chat-admin" --version)
[ "$admin" = "chat-admin ${version%-*}" ] || fail "chat-admin --version says '$admin'"
checked=$(run_server --check) || fail "--check exited $? on the packaged settings"
grep -qF "the configuration is valid" <<<"$checked" || fail "--check said '$checked'"
[ -f "$work/state/chat.sqlite3" ] || fail "--check did not create the database"
status=0
run_server --web-root "$work/nowhere" --check 2>"$work/check.err" || status=$?
[ "$status" = 2 ] || fail "--check without a web UI exited $status, not 2"
# The token as the unit's drop-in passes it: a file in the credentials directory (%d), named by
# CHAT_ADMIN_TOKEN_FILE in the environment.
mkdir -m 700 "$work/credentials"
head -c 32 /dev/urandom | base64 >"$work/credentials/admin-token"
run_server CHAT_ADMIN_TOKEN_FILE="$work/credentials/admin-token" --check >/dev/null \
    || fail "--check with the admin token credential failed"
status=0
: >"$work/credentials/admin-token"
run_server CHAT_ADMIN_TOKEN_FILE="$work/credentials/admin-token" --check 2>/dev/null || status=$?
[ "$status" = 2 ] || fail "--check with an empty admin token exited $status, not 2"

step "chat-server: start, GET /, /healthz, SIGTERM"
mkfifo "$work/stdout"
# A simple command, so that $! is chat-server itself (env execs it).
env -i PATH=/usr/bin:/bin "$bin" --env-file "$env_file" --web-root "$web" \
    --database "$work/state/chat.sqlite3" --port 0 >"$work/stdout" 2>"$work/stderr" &
server_pid=$!
exec {out}<"$work/stdout"
port=
while IFS= read -r -t 20 -u "$out" line; do
    if [[ $line =~ ^chat-server\ listening\ on\ http://127\.0\.0\.1:([0-9]+)/ ]]; then
        port=${BASH_REMATCH[1]}
        break
    fi
done
[ -n "$port" ] || { cat "$work/stderr"; fail "no 'listening on' line from chat-server"; }
url=http://127.0.0.1:$port
curl -fsS --max-time 10 -o "$work/page.html" "$url/" || fail "GET / failed"
cmp -s "$work/page.html" "$web/index.html" || fail "GET / is not the packaged index.html"
# What the page loads, from the packaged web root (jQuery included).
for ref in $(grep -oE '(src|href)="/[^"]+"' "$web/index.html" | sed -E 's/^[a-z]+="//; s/"$//'); do
    code=$(curl -s --max-time 10 -o /dev/null -w '%{http_code}' "$url$ref")
    [ "$code" = 200 ] || fail "GET $ref: $code"
done
code=$(curl -s --max-time 10 -o "$work/healthz" -w '%{http_code}' "$url/healthz")
[ "$code" = 200 ] || fail "GET /healthz: $code $(cat "$work/healthz")"
kill -TERM "$server_pid"
timeout 15 tail --pid="$server_pid" -s 0.1 -f /dev/null || fail "chat-server did not stop on SIGTERM"
status=0
wait "$server_pid" || status=$?
server_pid=
[ "$status" = 0 ] || { cat "$work/stderr"; fail "chat-server exited $status after SIGTERM"; }
grep -q '^chat-server stopped' <&"$out" || fail "no 'chat-server stopped' line"
exec {out}<&-
echo "packages: $(cd "$work/packages" && ls ./*.deb | tr '\n' ' ')"
