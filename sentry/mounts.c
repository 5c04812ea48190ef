/* Assembling the sandbox tree, in the zygote's private mount namespace.
 *
 *   STAGING          tmpfs: upper/ and work/ of the overlay, and the tree
 *   TREE = /         overlay: lower = rootfs (read-only), upper = tmpfs
 *                    (with --read-only: the overlay mounted read-only)
 *   TREE/dev         tmpfs with binds of the host's null, zero, full,
 *                    random, urandom, tty; a devpts of its own; shm
 *   TREE/tmp         the rootfs's, writable through the overlay (with
 *                    --read-only: a tmpfs)
 *   --bind, --tmpfs  beneath
 *
 * The gofer pivots into this tree and keeps it writable; the guest's init
 * makes its own copy read-only.  Host paths are opened before the tmpfs
 * goes on STAGING, so a --rootfs or --bind source below /tmp still works. */
#include <dirent.h>
#include <stdbool.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sentry/sandbox.h"

/* mkdir -p below TREE; every component created in the writable tree. */
static void mkdir_tree(int ctl, const char *dst, mode_t mode)
{
	char path[PATH_MAX];
	if (snprintf(path, sizeof path, "%s%s", TREE, dst) >= (int)sizeof path)
		ctl_die(ctl, "%s: path too long", dst);
	for (char *p = path + strlen(TREE) + 1; ; p++) {
		if (*p == '/' || *p == '\0') {
			char c = *p;
			*p = '\0';
			if (mkdir(path, mode) < 0 && errno != EEXIST)
				ctl_die(ctl, "creating %s in the sandbox: %s",
					path + strlen(TREE), strerror(errno));
			*p = c;
			if (!c)
				break;
		}
	}
}

static void touch_tree(int ctl, const char *dst)
{
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s%s", TREE, dst);
	int fd = open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
	if (fd < 0)
		ctl_die(ctl, "creating %s in the sandbox: %s", dst, strerror(errno));
	close(fd);
}

static void mount_or_die(int ctl, const char *src, const char *dst,
			 const char *type, unsigned long flags, const char *data)
{
	if (mount(src, dst, type, flags, data) < 0)
		ctl_die(ctl, "mounting %s on %s: %s", type ? type : src,
			strncmp(dst, TREE, strlen(TREE)) == 0 ? dst + strlen(TREE) : dst,
			strerror(errno));
}

static void fd_path(int fd, char *buf, size_t cap)
{
	snprintf(buf, cap, "/proc/self/fd/%d", fd);
}

/* Read-only, recursively: a bind's submounts must not stay writable. */
static void bind_ro(int ctl, const char *dst)
{
	struct mount_attr attr = { .attr_set = MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID };
	if (mount_setattr(AT_FDCWD, dst, AT_RECURSIVE, &attr, sizeof attr) < 0)
		ctl_die(ctl, "making %s read-only: %s",
			strncmp(dst, TREE, strlen(TREE)) == 0 ? dst + strlen(TREE) : dst,
			strerror(errno));
}

static void build_dev(int ctl, unsigned long shm_mb)
{
	static const char *const nodes[] = { "null", "zero", "full", "random",
					     "urandom", "tty" };
	char dst[PATH_MAX], src[64], opts[64];

	mkdir_tree(ctl, "/dev", 0755);
	mount_or_die(ctl, "tmpfs", TREE "/dev", "tmpfs", MS_NOSUID | MS_NOEXEC,
		     "mode=755,size=1m");
	for (size_t i = 0; i < sizeof nodes / sizeof nodes[0]; i++) {
		snprintf(dst, sizeof dst, "/dev/%s", nodes[i]);
		touch_tree(ctl, dst);
		snprintf(src, sizeof src, "/dev/%s", nodes[i]);
		snprintf(dst, sizeof dst, TREE "/dev/%s", nodes[i]);
		mount_or_die(ctl, src, dst, NULL, MS_BIND, NULL);
		/* Read-only: the nodes are the host's own, and the gofer is
		 * their owner when moat runs as root (chmod /dev/null in the
		 * sandbox would change the host's).  Reading and writing a
		 * device needs no write access to its file system. */
		bind_ro(ctl, dst);
	}
	mkdir_tree(ctl, "/dev/pts", 0755);
	mount_or_die(ctl, "devpts", TREE "/dev/pts", "devpts", MS_NOSUID | MS_NOEXEC,
		     "newinstance,ptmxmode=0666,mode=620");
	if (symlink("pts/ptmx", TREE "/dev/ptmx") < 0)
		ctl_die(ctl, "creating /dev/ptmx: %s", strerror(errno));
	mkdir_tree(ctl, "/dev/shm", 01777);
	/* Sized like /tmp: tmpfs's default, half of the host's RAM, would
	 * let the guest around --tmpfs-size. */
	snprintf(opts, sizeof opts, "mode=1777,size=%lum", shm_mb);
	mount_or_die(ctl, "tmpfs", TREE "/dev/shm", "tmpfs",
		     MS_NOSUID | MS_NODEV, opts);
	static const char *const links[][2] = {
		{ "/proc/self/fd", "fd" }, { "/proc/self/fd/0", "stdin" },
		{ "/proc/self/fd/1", "stdout" }, { "/proc/self/fd/2", "stderr" },
	};
	for (size_t i = 0; i < sizeof links / sizeof links[0]; i++) {
		snprintf(dst, sizeof dst, TREE "/dev/%s", links[i][1]);
		if (symlink(links[i][0], dst) < 0)
			ctl_die(ctl, "creating /dev/%s: %s", links[i][1], strerror(errno));
	}
}

/* An overlay of LOWER (a path) on DST, with its upper and work
 * directories under STAGING/upper/NAME and STAGING/work/NAME. */
static int overlay(const char *lower, const char *name, const char *dst)
{
	char up[PATH_MAX], wk[PATH_MAX], opts[3 * PATH_MAX];
	snprintf(up, sizeof up, "%s/upper/%s", STAGING, name);
	snprintf(wk, sizeof wk, "%s/work/%s", STAGING, name);
	if ((mkdir(up, 0755) < 0 && errno != EEXIST) ||
	    (mkdir(wk, 0755) < 0 && errno != EEXIST))
		return -1;
	/* userxattr: overlayfs inside a user namespace keeps its metadata
	 * in user.* xattrs (Linux 5.11+). */
	snprintf(opts, sizeof opts, "lowerdir=%s,upperdir=%s,workdir=%s,userxattr",
		 lower, up, wk);
	return mount("overlay", dst, "overlay", 0, opts);
}

/* The tree's root as a tmpfs holding, for each entry of the rootfs: an
 * overlay for a directory of the rootfs's own file system (a read-only
 * recursive bind when mounts beneath it forbid the overlay), an empty
 * directory for a separate mount (/proc, /sys, /dev, /run: the overlay of
 * the whole rootfs would not show those either), a copy of a symlink, a
 * read-only bind of a file.  With RO (--read-only), the overlays are
 * made read-only at once. */
static void build_root_per_entry(int ctl, int rootfd, unsigned long size_mb,
				 bool ro)
{
	char opts[64], lower[PATH_MAX], dst[PATH_MAX];
	struct stat rst, st;

	snprintf(opts, sizeof opts, "mode=755,size=%lum", size_mb);
	mount_or_die(ctl, "tmpfs", TREE, "tmpfs", MS_NOSUID | MS_NODEV, opts);
	if (fstat(rootfd, &rst) < 0)
		ctl_die(ctl, "rootfs: %s", strerror(errno));
	int dfd = openat(rootfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = dfd < 0 ? NULL : fdopendir(dfd);
	if (!d)
		ctl_die(ctl, "reading the rootfs: %s", strerror(errno));
	for (struct dirent *e; (e = readdir(d));) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (fstatat(rootfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
			continue;
		snprintf(lower, sizeof lower, "/proc/self/fd/%d/%s", rootfd, e->d_name);
		snprintf(dst, sizeof dst, "%s/%s", TREE, e->d_name);
		if (S_ISLNK(st.st_mode)) {
			char target[PATH_MAX];
			ssize_t n = readlinkat(rootfd, e->d_name, target, sizeof target - 1);
			if (n < 0)
				continue;
			target[n] = '\0';
			if (symlink(target, dst) < 0)
				ctl_die(ctl, "copying the symlink /%s: %s", e->d_name, strerror(errno));
		} else if (S_ISDIR(st.st_mode)) {
			if (mkdir(dst, st.st_mode & 07777) < 0)
				ctl_die(ctl, "creating /%s: %s", e->d_name, strerror(errno));
			if (st.st_dev != rst.st_dev)
				continue; /* a separate mount: an empty directory */
			if (overlay(lower, e->d_name, dst) < 0) {
				mount_or_die(ctl, lower, dst, NULL, MS_BIND | MS_REC, NULL);
				bind_ro(ctl, dst);
			} else if (ro) {
				bind_ro(ctl, dst);
			}
		} else if (S_ISREG(st.st_mode)) {
			int fd = open(dst, O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
			if (fd >= 0)
				close(fd);
			mount_or_die(ctl, lower, dst, NULL, MS_BIND, NULL);
			bind_ro(ctl, dst);
		}
	}
	closedir(d);
}

void mounts_build(const struct options *o, int ctl)
{
	char src[64], opts[PATH_MAX + 256];
	int rootfd, bindfd[MAX_MOUNTS];

	/* Nothing we mount may propagate back to the host. */
	mount_or_die(ctl, NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL);

	const char *rootfs = o->rootfs ? o->rootfs : "/";
	rootfd = open(rootfs, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0)
		ctl_die(ctl, "--rootfs %s: %s", rootfs, strerror(errno));
	for (size_t i = 0; i < o->nbinds; i++) {
		bindfd[i] = open(o->binds[i].src, O_PATH | O_CLOEXEC);
		if (bindfd[i] < 0)
			ctl_die(ctl, "--bind %s: %s", o->binds[i].src, strerror(errno));
	}

	snprintf(opts, sizeof opts, "mode=755,size=%lum", o->tmpfs_size_mb);
	mount_or_die(ctl, "tmpfs", STAGING, "tmpfs", MS_NOSUID | MS_NODEV, opts);
	if (mkdir(STAGING "/upper", 0755) < 0 || mkdir(STAGING "/work", 0755) < 0 ||
	    mkdir(TREE, 0755) < 0)
		ctl_die(ctl, "creating the staging directories: %s", strerror(errno));

	fd_path(rootfd, src, sizeof src);
	/* With --read-only the rootfs is still seen through an overlay, made
	 * read-only before anything below it is touched: a unix socket of
	 * the host under the rootfs is then out of reach (connect and sendto
	 * through overlayfs find the overlay's inode, not the one the
	 * listener is bound to: ECONNREFUSED), where a plain bind would
	 * hand the guest the host's socket. */
	bool ro_root = false;
	if (overlay(src, "", TREE) == 0) {
		if (o->read_only)
			bind_ro(ctl, TREE);
	} else {
		/* In a user namespace the kernel refuses an overlay whose lower
		 * layer has mounts beneath it (the host's / always does): they
		 * are locked, and the overlay would show what they cover.  Build
		 * the root from one overlay per top-level directory instead. */
		if (errno != EINVAL)
			ctl_die(ctl, "mounting the overlay on /: %s", strerror(errno));
		build_root_per_entry(ctl, rootfd, o->tmpfs_size_mb, o->read_only);
		ro_root = o->read_only;
	}

	/* A writable tree is needed to create mount points; in read-only
	 * mode they must already exist in the rootfs. */
	build_dev(ctl, o->tmpfs_size_mb);
	/* /tmp is the rootfs's, under the writable layer like every other
	 * directory, so that a working directory below it (a checkout in
	 * /tmp) is there in the sandbox too.  With --read-only it is the one
	 * writable place: a fresh tmpfs. */
	if (o->read_only) {
		snprintf(opts, sizeof opts, "mode=1777,size=%lum", o->tmpfs_size_mb);
		mount_or_die(ctl, "tmpfs", TREE "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, opts);
	} else {
		mkdir_tree(ctl, "/tmp", 01777);
	}
	mkdir_tree(ctl, "/proc", 0555);

	for (size_t i = 0; i < o->ntmpfs; i++) {
		char dst[PATH_MAX];
		mkdir_tree(ctl, o->tmpfs[i], 0755);
		snprintf(dst, sizeof dst, "%s%s", TREE, o->tmpfs[i]);
		snprintf(opts, sizeof opts, "mode=755,size=%lum", o->tmpfs_size_mb);
		mount_or_die(ctl, "tmpfs", dst, "tmpfs", MS_NOSUID | MS_NODEV, opts);
	}
	for (size_t i = 0; i < o->nbinds; i++) {
		char dst[PATH_MAX];
		struct stat st;
		if (fstat(bindfd[i], &st) < 0)
			ctl_die(ctl, "--bind %s: %s", o->binds[i].src, strerror(errno));
		if (S_ISDIR(st.st_mode)) {
			mkdir_tree(ctl, o->binds[i].dst, 0755);
		} else {
			char parent[PATH_MAX];
			snprintf(parent, sizeof parent, "%s", o->binds[i].dst);
			*strrchr(parent, '/') = '\0';
			if (parent[0])
				mkdir_tree(ctl, parent, 0755);
			touch_tree(ctl, o->binds[i].dst);
		}
		fd_path(bindfd[i], src, sizeof src);
		snprintf(dst, sizeof dst, "%s%s", TREE, o->binds[i].dst);
		mount_or_die(ctl, src, dst, NULL, MS_BIND | MS_REC, NULL);
		if (o->binds[i].ro)
			bind_ro(ctl, dst);
		close(bindfd[i]);
	}
	if (ro_root) {
		/* The tmpfs holding the entries; /dev, /tmp and binds below
		 * keep their own modes. */
		struct mount_attr attr = { .attr_set = MOUNT_ATTR_RDONLY };
		if (mount_setattr(AT_FDCWD, TREE, 0, &attr, sizeof attr) < 0)
			ctl_die(ctl, "making / read-only: %s", strerror(errno));
	}
	close(rootfd);
}
