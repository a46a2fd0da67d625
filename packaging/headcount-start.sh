#!/bin/sh
# ExecStart of headcount.service. Runs the installed upgrade (<data>/current/bin/headcount, put
# there by POST /api/v1/system/upgrade) when there is one, else the packaged binary, with the
# matching GUI as $HC_WEB_ROOT. A release on trial (<data>/upgrade/trial, written by the install)
# that was started once and never confirmed its start (`headcount run` removes the marker once it
# serves) is rolled back to <data>/previous, or to the packaged binary, before this start.
# Usage: headcount-start.sh run --data-dir /var/lib/headcount ...   (arguments go to headcount)
set -eu
data=${HC_DATA_DIR:-/var/lib/headcount}
base=${HC_BASE_BINARY:-/usr/local/bin/headcount}
base_web=${HC_BASE_WEB_ROOT:-/usr/local/share/headcount/web}
trial=$data/upgrade/trial

if [ -e "$trial" ] && [ -e "$trial.started" ]; then
  echo "headcount-start: release $(cat "$trial") did not confirm its start; rolling back" >&2
  if [ -L "$data/previous" ]; then
    ln -sfn "$(readlink "$data/previous")" "$data/current.new"
    mv -T "$data/current.new" "$data/current"
  else
    rm -f "$data/current"
  fi
  rm -f "$trial" "$trial.started"
fi
if [ -e "$trial" ]; then
  : >"$trial.started"
fi

bin=$base
web=$base_web
if [ -x "$data/current/bin/headcount" ]; then
  bin=$data/current/bin/headcount
  if [ -d "$data/current/share/headcount/web" ]; then
    web=$data/current/share/headcount/web
  fi
fi
HC_WEB_ROOT=$web
export HC_WEB_ROOT
exec "$bin" "$@"
