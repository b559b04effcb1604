# tests/tcpdmatch.mk - test builds of tcpdmatch and tcpdchk for the golden
# cases: tcpdmatch as with `make PARANOID=1`, for the case that shows
# "access:   denied (PARANOID mode)".
TEST_PROGRAMS += tests/tcpdmatch_paranoid
TCPDMATCH_OBJS = expect.o matchjson.o json.o inetcf.o scaffold.o
tests/tcpdmatch_paranoid: tcpdmatch.c $(TCPDMATCH_OBJS) libwrap.a
	$(CC) $(ALL_CFLAGS) $(DEPFLAGS) -UPARANOID_MODE -DPARANOID_MODE=1 $(PIE) -o $@ \
		tcpdmatch.c $(TCPDMATCH_OBJS) libwrap.a

# tcpdchk with a REAL_DAEMON_DIR that the test can make missing or a plain
# file (inside its private /etc). One command compiles eight sources,
# where -MMD would keep the headers of one: -MM lists those of all eight.
TEST_PROGRAMS += tests/tcpdchk_daemondir
DAEMONDIR_SRCS = tcpdchk.c shadow.c chkjson.c lockout.c perms.c json.c \
	inetcf.c scaffold.c
DAEMONDIR_FLAGS = -UREAL_DAEMON_DIR \
	-DREAL_DAEMON_DIR='"/etc/tcpdchk-test-daemons"'
tests/tcpdchk_daemondir: $(DAEMONDIR_SRCS) libwrap.a
	$(CC) $(ALL_CFLAGS) $(DAEMONDIR_FLAGS) -MM -MP -MT $@ \
		$(DAEMONDIR_SRCS) > $@.d
	$(CC) $(ALL_CFLAGS) $(DAEMONDIR_FLAGS) $(PIE) -o $@ \
		$(DAEMONDIR_SRCS) libwrap.a
