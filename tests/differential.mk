# tests/differential.mk - differential.test's query driver (built once,
# against our tcpd.h, linked with libwrap.so.0 so that LD_LIBRARY_PATH
# picks ours or Debian's) and its table generator.
TEST_PROGRAMS += tests/diff_driver tests/diff_gen
tests/diff_driver: tests/diff_driver.c $(SOFILE)
	$(CC) $(ALL_CFLAGS) $(DEPFLAGS) -DINET6 -I. -rdynamic -o $@ tests/diff_driver.c ./$(SOFILE)
tests/diff_gen: tests/diff_gen.c
	$(CC) $(ALL_CFLAGS) -o $@ tests/diff_gen.c
