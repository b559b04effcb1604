TEST_PROGRAMS += tests/fastpath
tests/fastpath: tests/fastpath.c libwrap.a
	$(CC) $(ALL_CFLAGS) $(DEPFLAGS) -o $@ tests/fastpath.c libwrap.a
