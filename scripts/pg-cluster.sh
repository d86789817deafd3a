#!/bin/sh
# A throwaway sharded PostgreSQL for tests: three servers, each a scripts/pg-test-server.sh server (a Unix socket
# only, no TCP, trusted local connections as user pipeq), in DIR/coord (port BASEPORT), DIR/shard1 (BASEPORT+1)
# and DIR/shard2 (BASEPORT+2). `stop` shuts all three down at once and removes DIR.
#
#   scripts/pg-cluster.sh start DIR BASEPORT   # prints nothing; psql -h DIR/coord -p BASEPORT -U pipeq postgres
#   scripts/pg-cluster.sh stop DIR
#
# The coordinator reaches the shards through postgres_fdw: the extension, a foreign server per shard (`shard1`,
# `shard2`: host = the shard's socket folder, its port, database postgres; async_capable, so an Append over both
# shards scans them at once; batch_size, so rows routed to a shard are inserted 500 at a time; use_remote_estimate,
# so the planner costs a join on a shard by asking the shard: without it postgres_fdw counts a foreign scan's
# startup cost once per table, and a join of two foreign tables looks cheaper on the coordinator) and a user mapping
# for pipeq (trust authentication; pipeq is the servers' superuser, so postgres_fdw asks for no password). The
# planner settings that let grouped work and joins run per partition, and so on a shard, are on for the whole
# coordinator (ALTER SYSTEM): enable_partitionwise_aggregate and enable_partitionwise_join.
#
# The script creates no tables. A sharded table is a coordinator table `PARTITION BY HASH (key)` whose partitions
# are foreign tables on the shards: create the table on each shard, then on the coordinator
#   CREATE TABLE deals (…) PARTITION BY HASH (id);
#   CREATE FOREIGN TABLE deals_1 PARTITION OF deals FOR VALUES WITH (MODULUS 2, REMAINDER 0)
#       SERVER shard1 OPTIONS (schema_name 'public', table_name 'deals');
#   CREATE FOREIGN TABLE deals_2 PARTITION OF deals FOR VALUES WITH (MODULUS 2, REMAINDER 1)
#       SERVER shard2 OPTIONS (schema_name 'public', table_name 'deals');
# and INSERT through the coordinator, which routes each row to its shard (Tests/PipeQGoldenTests/ShardedTables).
set -eu
command=$1
dir=$2
here=$(dirname "$0")
members="coord shard1 shard2"

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -n "$bin" ]; then psql=$bin/psql; else psql=psql; fi

case $command in
start)
    port=$3
    mkdir -p "$dir"
    # The servers run as the `postgres` user when this runs as root: it must reach the members' folders.
    chmod 755 "$dir"
    i=0
    for member in $members; do
        "$here/pg-test-server.sh" start "$dir/$member" $((port + i)) ||
            { "$0" stop "$dir"; exit 1; }
        i=$((i + 1))
    done
    {
        echo "CREATE EXTENSION postgres_fdw;"
        i=1
        for shard in shard1 shard2; do
            echo "CREATE SERVER $shard FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host '$dir/$shard', \
port '$((port + i))', dbname 'postgres', async_capable 'true', batch_size '500', use_remote_estimate 'true');"
            echo "CREATE USER MAPPING FOR pipeq SERVER $shard OPTIONS (user 'pipeq');"
            i=$((i + 1))
        done
        echo "ALTER SYSTEM SET enable_partitionwise_aggregate = on;"
        echo "ALTER SYSTEM SET enable_partitionwise_join = on;"
        echo "SELECT pg_reload_conf();"
    } | "$psql" -X -q -v ON_ERROR_STOP=1 -h "$dir/coord" -p "$port" -U pipeq postgres >"$dir/setup.log" 2>&1 ||
        { cat "$dir/setup.log" >&2; "$0" stop "$dir"; exit 1; }
    ;;
stop)
    for member in $members; do "$here/pg-test-server.sh" stop "$dir/$member"; done
    rm -rf "$dir"
    ;;
*)
    echo "usage: $0 start DIR BASEPORT | stop DIR" >&2
    exit 2
    ;;
esac
