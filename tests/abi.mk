# tests/abi.mk - abi.test's layout printer, built against our tcpd.h
# (plain and with -DINET6) and linked with our libwrap.so.0; the test
# itself builds the Debian-header and C++ variants to compare.
ABI_PROGRAMS = tests/abi_layout tests/abi_layout_inet6
TEST_PROGRAMS += $(ABI_PROGRAMS)
tests/abi_layout: tests/abi_layout.c $(SOFILE)
	$(CC) $(ALL_CFLAGS) $(DEPFLAGS) -I. -o $@ tests/abi_layout.c ./$(SOFILE)
tests/abi_layout_inet6: tests/abi_layout.c $(SOFILE)
	$(CC) $(ALL_CFLAGS) $(DEPFLAGS) -DINET6 -I. -o $@ tests/abi_layout.c ./$(SOFILE)
