#!/bin/sh
# A throwaway PostgreSQL server for tests: listens only on a Unix socket in DIR (no TCP), trusts local
# connections, keeps its data in DIR/data; `stop` shuts it down at once and removes DIR.
#
#   scripts/pg-test-server.sh start DIR PORT    # prints nothing; psql -h DIR -p PORT -U pipeq postgres connects
#   scripts/pg-test-server.sh start-tls DIR PORT
#   scripts/pg-test-server.sh stop DIR
#
# start-tls also listens on 127.0.0.1:PORT with ssl=on, a self-signed certificate made now by openssl
# (DIR/server.crt, for localhost and 127.0.0.1, which is its own root: a client trusts it with sslrootcert), and
# takes TCP connections only over SSL (pg_hba's host lines become hostssl).
#
# The server is started with no standard streams of the caller's (a test reading the script's output would
# wait for the server to exit). PostgreSQL refuses to run as root: when run as root, the server runs as the `postgres` user (Debian's
# postgresql package creates it), and DIR is handed to that user. Finds the newest server under
# /usr/lib/postgresql (Debian's layout), else initdb/pg_ctl on PATH.
set -eu
command=$1
dir=$2

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -n "$bin" ]; then initdb=$bin/initdb; pg_ctl=$bin/pg_ctl; else initdb=initdb; pg_ctl=pg_ctl; fi

as_server() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case $command in
start | start-tls)
    port=$3
    mkdir -p "$dir"
    if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; fi
    as_server "$initdb" -D "$dir/data" -U pipeq -A trust --no-sync -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
        { cat "$dir/initdb.log" >&2; exit 1; }
    listen=""
    if [ "$command" = start-tls ]; then
        openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost \
            -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" -addext "basicConstraints=critical,CA:TRUE" \
            -keyout "$dir/server.key" -out "$dir/server.crt" >"$dir/openssl.log" 2>&1 ||
            { cat "$dir/openssl.log" >&2; exit 1; }
        chmod 600 "$dir/server.key"
        chmod 644 "$dir/server.crt"
        if [ "$(id -u)" = 0 ]; then chown postgres "$dir/server.key" "$dir/server.crt"; fi
        sed -i 's/^host /hostssl /' "$dir/data/pg_hba.conf"
        listen="127.0.0.1 -c ssl=on -c ssl_cert_file=$dir/server.crt -c ssl_key_file=$dir/server.key"
    fi
    # Through python3, which closes every descriptor past stderr first: a caller's pipe inherited by the server
    # would stay open as long as the server runs, and whoever reads it to end of file (this script's caller, or
    # another test's helper process started at the same moment) would wait for ever. (dash cannot close
    # descriptors above 9.)
    server=""
    if [ "$(id -u)" = 0 ]; then server="runuser -u postgres --"; fi
    # shellcheck disable=SC2086
    python3 -c 'import os, sys; os.closerange(3, 1 << 16); os.execvp(sys.argv[1], sys.argv[1:])' \
        $server "$pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-k $dir -p $port -c listen_addresses=$listen -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        start </dev/null >"$dir/pg_ctl.log" 2>&1 || { cat "$dir/pg_ctl.log" "$dir/server.log" >&2; exit 1; }
    ;;
stop)
    if [ -d "$dir/data" ]; then as_server "$pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true; fi
    rm -rf "$dir"
    ;;
*)
    echo "usage: $0 start DIR PORT | start-tls DIR PORT | stop DIR" >&2
    exit 2
    ;;
esac
