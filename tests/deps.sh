#!/bin/sh
# Installs the Debian packages moat needs to build and test, only those
# missing, and says which.  Run as root (or with sudo available).
set -e
want="gcc make pkg-config libseccomp-dev libcapstone-dev libcap-ng-dev libcmocka-dev"
# The conformance runner is Python 3 (standard library only).
command -v python3 >/dev/null 2>&1 || want="$want python3"
missing=""
for p in $want; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
if [ -z "$missing" ]; then
	echo "deps: all build packages present"
	exit 0
fi
echo "deps: installing:$missing"
SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends $missing
