# tests/tcpdmatch.mk - test builds of tcpdmatch and tcpdchk for the golden
# cases: tcpdmatch as with `make PARANOID=1`, for the case that shows
# "access:   denied (PARANOID mode)".
TEST_PROGRAMS += tests/tcpdmatch_paranoid
tests/tcpdmatch_paranoid: tcpdmatch.c inetcf.o scaffold.o libwrap.a tcpd.h wrap.h inetcf.h scaffold.h
	$(CC) $(ALL_CFLAGS) -UPARANOID_MODE -DPARANOID_MODE=1 $(PIE) -o $@ \
		tcpdmatch.c inetcf.o scaffold.o libwrap.a

# tcpdchk with a REAL_DAEMON_DIR that the test can make missing or a plain
# file (inside its private /etc).
TEST_PROGRAMS += tests/tcpdchk_daemondir
tests/tcpdchk_daemondir: tcpdchk.c shadow.c inetcf.c scaffold.c libwrap.a tcpd.h wrap.h inetcf.h scaffold.h shadow.h
	$(CC) $(ALL_CFLAGS) -UREAL_DAEMON_DIR \
		-DREAL_DAEMON_DIR='"/etc/tcpdchk-test-daemons"' $(PIE) -o $@ \
		tcpdchk.c shadow.c inetcf.c scaffold.c libwrap.a
