# edges.mk - drivers of options.test, rfc931.test, shell_cmd.test, socket.test
EDGE_DRIVERS = tests/options_driver tests/rfc931_driver tests/shell_cmd_driver \
	tests/socket_driver
TEST_PROGRAMS += $(EDGE_DRIVERS)
$(EDGE_DRIVERS): %: %.c libwrap.a
	$(CC) $(ALL_CFLAGS) $(DEPFLAGS) -o $@ $< libwrap.a
