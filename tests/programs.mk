# tests/programs.mk - helpers of tcpd.test, hostile.test, try-from.test
# and safe_finger.test: a syslog catcher, a one-shot inetd and a client (all
# three libc only), tcpd built as with `make PARANOID=1`, and safe_finger
# with a 2 s time limit so that the limit can be tested without waiting
# a minute.
PROGRAM_TEST_HELPERS = tests/logcatch tests/serve_once tests/client
TEST_PROGRAMS += $(PROGRAM_TEST_HELPERS) tests/tcpd_paranoid \
	tests/safe_finger_fast

$(PROGRAM_TEST_HELPERS): %: %.c
	$(CC) $(ALL_CFLAGS) -o $@ $<
tests/tcpd_paranoid: tcpd.c libwrap.a
	$(CC) $(ALL_CFLAGS) $(DEPFLAGS) -UPARANOID_MODE -DPARANOID_MODE=1 $(PIE) -o $@ \
		tcpd.c libwrap.a
tests/safe_finger_fast: safe_finger.c
	$(CC) $(ALL_CFLAGS) -DSAFE_FINGER_TIMEOUT=2 -o $@ safe_finger.c
