# Conformance suite (tests/conformance): one cmocka program per syscall
# family, built from every tests/conformance/*.c, and the runner that runs
# them natively and under moat and compares case by case.
#
#   make conformance-progs   build the programs only (does not need moat;
#                            `make` builds them too)
#   make conformance         run native vs moat (both platforms), side by side
#   make conformance-report  the same, also writing docs/conformance.md
#
# The programs do not depend on the moat build: a missing or broken
# build/moat shows up as a column that did not start, not as a build error.

CONF_DIR    := tests/conformance
CONF_SRCS   := $(wildcard $(CONF_DIR)/*.c)
CONF_PROGS  := $(CONF_SRCS:$(CONF_DIR)/%.c=$(BUILD)/conformance/%)
CONF_CFLAGS := $(CFLAGS_GUEST) -I $(CONF_DIR) $(CMOCKA_CFLAGS)
CONF_LIBS   := $(CMOCKA_LIBS) -lpthread -lutil
CONF_MOAT   := $(abspath $(BUILD))/moat
CONF_RUN    := $(CONF_DIR)/run --bindir $(BUILD)/conformance \
               --compare 'moat-seccomp=$(CONF_MOAT) run --platform seccomp --' \
                         'moat-ptrace=$(CONF_MOAT) run --platform ptrace --'

.PHONY: conformance conformance-progs conformance-report

all: conformance-progs
conformance-progs: $(CONF_PROGS)

# Guest programs: CFLAGS_GUEST (no sanitizers, see the Makefile).  Header
# dependencies come from -MMD, kept apart
# from the programs so that the runner sees only executables in the bindir.
$(CONF_PROGS): $(BUILD)/conformance/%: $(CONF_DIR)/%.c
	@mkdir -p $(dir $@) $(BUILD)/conformance/.deps
	$(CC) $(CONF_CFLAGS) -MMD -MP -MF $(BUILD)/conformance/.deps/$*.d \
	    -o $@ $< $(CONF_LIBS)

-include $(wildcard $(BUILD)/conformance/.deps/*.d)

conformance: conformance-progs
	@$(CONF_RUN)

conformance-report: conformance-progs
	@$(CONF_RUN) --report docs/conformance.md
