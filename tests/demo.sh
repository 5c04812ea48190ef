#!/bin/sh
# make demo: run the probe inside moat and show what it could do, what was
# refused, and that the host is unchanged afterwards.
build=${1:-build}
secret=$(mktemp /var/tmp/moat-demo-secret.XXXXXX)
rootfs=$(mktemp -d /var/tmp/moat-demo-root.XXXXXX)
trap 'rm -rf "$secret" "$rootfs"' EXIT
echo "a host secret" > "$secret"
before=$(sha256sum /etc/passwd)

echo "== moat run -- probe   (the host's / read-only, writes to a memory layer)"
"$build/moat" run -- "$build/probe"
echo "   exit status: $?"
echo
echo "== moat run --rootfs DIR -- probe $secret   (a tree without the secret)"
mkdir -p "$rootfs/etc" "$rootfs/tmp" "$rootfs/dev" "$rootfs/proc" "$rootfs/usr" "$rootfs/mnt"
cp /etc/passwd "$rootfs/etc/passwd"
for d in bin lib lib64 sbin; do [ -e "/$d" ] && ln -s "usr/$d" "$rootfs/$d"; done
cp "$build/probe" "$rootfs/probe"
"$build/moat" run --rootfs "$rootfs" --bind /usr:/usr:ro -- /probe "$secret"
echo "   exit status: $?"
echo
echo "== and on the host afterwards"
if [ "$(sha256sum /etc/passwd)" = "$before" ]; then
	echo "   /etc/passwd unchanged"
else
	echo "   /etc/passwd CHANGED"; exit 1
fi
if [ -e /tmp/probe-note ]; then echo "   /tmp/probe-note EXISTS on the host"; exit 1; fi
echo "   /tmp/probe-note does not exist on the host"
