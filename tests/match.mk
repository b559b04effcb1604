# match.mk - the driver of match.test (table-driven matching cases).
# tests/match_cases_debian runs the same cases against Debian's installed
# libwrap (-lwrap), to check expectations: sh tests/match.test debian
TEST_PROGRAMS += tests/match_cases
tests/match_cases: tests/match_cases.c libwrap.a
	$(CC) $(ALL_CFLAGS) $(DEPFLAGS) -o $@ tests/match_cases.c libwrap.a
tests/match_cases_debian: tests/match_cases.c
	$(CC) $(WARNINGS) -D_GNU_SOURCE -DDEBIAN_LIBWRAP $(CFLAGS) -o $@ \
		tests/match_cases.c -lwrap
