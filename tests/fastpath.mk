TEST_PROGRAMS += tests/fastpath
tests/fastpath: tests/fastpath.c libwrap.a wrap.h tcpd.h
	$(CC) $(ALL_CFLAGS) -o $@ tests/fastpath.c libwrap.a
