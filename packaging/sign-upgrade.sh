#!/bin/sh
# Signs a Headcount upgrade package with Ed25519 (docs/system.md, "Upgrade").
#   packaging/sign-upgrade.sh keygen DIR      -> DIR/upgrade-private-key.pem (keep it offline) and
#                                                DIR/upgrade-public-key.pem (install it as
#                                                <data dir>/upgrade-public-key.pem on each device)
#   packaging/sign-upgrade.sh sign KEY PACKAGE -> PACKAGE.sig (64 raw bytes, detached)
#   packaging/sign-upgrade.sh verify PUB PACKAGE [SIG] -> exit 0 when the signature verifies
# Upload: curl -F package=@PACKAGE -F signature=@PACKAGE.sig .../api/v1/system/upgrade
set -eu
cmd=${1:-}
case "$cmd" in
  keygen)
    dir=${2:?usage: sign-upgrade.sh keygen DIR}
    mkdir -p "$dir"
    (umask 077 && openssl genpkey -algorithm ed25519 -out "$dir/upgrade-private-key.pem")
    openssl pkey -in "$dir/upgrade-private-key.pem" -pubout -out "$dir/upgrade-public-key.pem"
    echo "wrote $dir/upgrade-private-key.pem and $dir/upgrade-public-key.pem"
    ;;
  sign)
    key=${2:?usage: sign-upgrade.sh sign KEY PACKAGE}
    pkg=${3:?usage: sign-upgrade.sh sign KEY PACKAGE}
    openssl pkeyutl -sign -rawin -inkey "$key" -in "$pkg" -out "$pkg.sig"
    echo "wrote $pkg.sig"
    ;;
  verify)
    pub=${2:?usage: sign-upgrade.sh verify PUB PACKAGE [SIG]}
    pkg=${3:?usage: sign-upgrade.sh verify PUB PACKAGE [SIG]}
    sig=${4:-$pkg.sig}
    openssl pkeyutl -verify -rawin -pubin -inkey "$pub" -in "$pkg" -sigfile "$sig"
    ;;
  *)
    echo "usage: sign-upgrade.sh keygen DIR | sign KEY PACKAGE | verify PUB PACKAGE [SIG]" >&2
    exit 2
    ;;
esac
