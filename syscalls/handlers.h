/* One handler per EMULATE row of syscalls/table.def: long sys_NAME(struct
 * call *), in the file of its family (sys_file.c, sys_stat.c, ...). */
#ifndef MOAT_SYSCALLS_HANDLERS_H
#define MOAT_SYSCALLS_HANDLERS_H

#include "sentry/sentry.h"

#define DECL_PASS(name)
#define DECL_PASSARG(name)
#define DECL_DENY(name)
#define DECL_EMULATE(name) long sys_##name(struct call *c);
#define SYSCALL(nr, name, cls, ...) DECL_##cls(name)
#include "syscalls/table.def"
#undef SYSCALL

/* The handler for nr, or NULL. */
sys_handler handler_for(long nr);

#endif
