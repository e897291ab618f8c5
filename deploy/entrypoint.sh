#!/bin/sh
# The image's entrypoint. Started as root, as docker-compose.yml starts it so that it can read its
# secrets while they stay private to their owner on the host (0600): copies /run/secrets/* to
# /run/district/ (a tmpfs), readable only by the suite's user 10001, then runs the command as 10001
# with no way back to root. Started as any other user (Kubernetes, docker run --user): runs the
# command as it is.
set -eu
if [ "$(id -u)" = 0 ]; then
  install -d -o 10001 -g 10001 -m 0500 /run/district
  for secret in /run/secrets/*; do
    [ -f "$secret" ] && install -o 10001 -g 10001 -m 0400 "$secret" /run/district/
  done
  exec setpriv --reuid=10001 --regid=10001 --clear-groups --inh-caps=-all --no-new-privs -- "$@"
fi
exec "$@"
