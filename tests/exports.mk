# tests/exports.mk - exports.test's programs: one prints the initial values
# of the exported objects, one defines library symbols itself (built
# with -DINET6 for rfc931's prototype). Both link our libwrap.so.0.
EXPORT_PROGRAMS = tests/abi_values tests/abi_preempt
TEST_PROGRAMS += $(EXPORT_PROGRAMS)
tests/abi_values: tests/abi_values.c $(SOFILE)
	$(CC) $(ALL_CFLAGS) $(DEPFLAGS) -I. -o $@ tests/abi_values.c ./$(SOFILE)
tests/abi_preempt: tests/abi_preempt.c $(SOFILE)
	$(CC) $(ALL_CFLAGS) $(DEPFLAGS) -DINET6 -I. -o $@ tests/abi_preempt.c ./$(SOFILE)
