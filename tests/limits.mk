# tests/limits.mk - helper of limits.test and bench/limits.sh: the
# per_source and rate limits on a state file of its own (a flood of
# sources, the table's use, the cost of one check).
TEST_PROGRAMS += tests/limits_driver
tests/limits_driver: tests/limits_driver.c libwrap.a
	$(CC) $(ALL_CFLAGS) $(DEPFLAGS) $(PIE) -o $@ tests/limits_driver.c libwrap.a
