# tests/daemon.mk - helpers of the tests/daemon-*.test scripts: a minimal
# TFTP client (libc only) for daemon-tftpd.test.
TEST_PROGRAMS += tests/tftp_get

tests/tftp_get: tests/tftp_get.c
	$(CC) $(ALL_CFLAGS) -o $@ tests/tftp_get.c
