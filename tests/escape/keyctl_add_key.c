/* keyctl_add_key: add a key to a kernel keyring.
 *
 * Keyrings are not namespaced by a user namespace alone: a guest could read
 * or pollute the host user's session keyring.  DESIGN.md denies keyctl.
 * The key goes to the process keyring, which dies with the process.
 *
 * @class kernel
 * @requires CONFIG_KEYS
 */
#include "common.h"
#include <linux/keyctl.h>

static long
call(void *arg)
{
	(void)arg;
	return syscall(SYS_add_key, "user", "moat-escape", "x", (size_t)1,
		       KEY_SPEC_PROCESS_KEYRING);
}

int
main(void)
{
	surface_verdict("add_key(user, process keyring)", probe(call, NULL));
}
