# tests/tcpdban.mk - helper of tcpdban.test: sets and shows an extended
# attribute (libc only, so that the test needs no setfattr).
TEST_PROGRAMS += tests/xattr
tests/xattr: tests/xattr.c
	$(CC) $(ALL_CFLAGS) $(DEPFLAGS) -o $@ tests/xattr.c
