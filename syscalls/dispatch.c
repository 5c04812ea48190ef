/* Syscall number -> handler, generated from the EMULATE rows of the table. */
#include "syscalls/handlers.h"

#define H_PASS(nr, name)
#define H_PASSARG(nr, name)
#define H_DENY(nr, name)
#define H_EMULATE(nr, name) [nr] = sys_##name,
static const sys_handler handlers[SYS_TABLE_SIZE] = {
#define SYSCALL(nr, name, cls, ...) H_##cls(nr, name)
#include "syscalls/table.def"
#undef SYSCALL
};

sys_handler handler_for(long nr)
{
	return nr >= 0 && nr < SYS_TABLE_SIZE ? handlers[nr] : NULL;
}
