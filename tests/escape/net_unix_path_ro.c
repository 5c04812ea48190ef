/* net_unix_path_ro: connect to a host daemon's unix socket under --read-only.
 *
 * The same attack as net_unix_path, against a read-only rootfs.  A plain
 * read-only bind of the host's tree would keep the socket file's own inode,
 * and connect() through it reaches the daemon; moat shows the rootfs
 * through an overlay mounted read-only instead.  (The build directory is
 * bound in: with --read-only, /tmp is a fresh tmpfs, and a checkout may
 * live there.)
 *
 * @class network
 * @moat --read-only --net none --bind {build}:{build}:ro
 */
#include "net_unix_path.c"
