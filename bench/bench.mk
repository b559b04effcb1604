# bench/bench.mk - `make bench`: the benchmarks of issue 8 (bench/run.sh),
# of tcpdban (bench/ban.sh), of CrowdSec's decisions through tcpd
# (bench/crowdsec.sh) and of the limits (bench/limits.sh), described in
# bench/README.md. Never part of `make check`.
# The driver is built against the system's tcpd.h and libwrap.so (Debian's
# libwrap0-dev) when they are there, else against ours: the ABI is the
# same, and run.sh picks the library at run time with LD_LIBRARY_PATH.

BENCH_PROGRAMS = bench/gen_tables bench/driver bench/spawner bench/bench_service \
	bench/exec_only bench/read_files bench/timeit
BENCH_CFLAGS = $(WARNINGS) -D_GNU_SOURCE $(CFLAGS)
BENCH_WRAP_INCLUDE = $(if $(wildcard /usr/include/tcpd.h),,-I.)
BENCH_WRAP_LIBS = $(if $(wildcard /usr/lib/*/libwrap.so /usr/lib/libwrap.so),,-L.) -lwrap

bench/gen_tables bench/spawner bench/exec_only bench/read_files bench/timeit: %: %.c
	$(CC) $(BENCH_CFLAGS) $(LDFLAGS) -o $@ $<
bench/bench_service: bench/service.c
	$(CC) $(BENCH_CFLAGS) $(LDFLAGS) -o $@ bench/service.c
bench/driver: bench/driver.c
	$(CC) $(BENCH_CFLAGS) $(BENCH_WRAP_INCLUDE) $(LDFLAGS) -o $@ bench/driver.c $(BENCH_WRAP_LIBS)

bench: all $(BENCH_PROGRAMS) tests/limits_driver tests/client tests/logcatch
	TOP=$(CURDIR) sh bench/run.sh
	TOP=$(CURDIR) sh bench/policy.sh
	TOP=$(CURDIR) sh bench/ban.sh
	TOP=$(CURDIR) sh bench/crowdsec.sh
	TOP=$(CURDIR) sh bench/limits.sh

# The per_source and rate limits alone (issue 16).
bench-limits: all tests/limits_driver bench/spawner bench/bench_service
	TOP=$(CURDIR) sh bench/limits.sh

# The policy tools alone (issue 15): tcpdmatch --expect, tcpdchk --json.
bench-policy: all bench/gen_tables
	TOP=$(CURDIR) sh bench/policy.sh

# CrowdSec's decisions through tcpd alone (issue 14): needs root and the
# packages .ci/run unpacks.
bench-crowdsec: all bench/driver tests/client tests/logcatch
	TOP=$(CURDIR) sh bench/crowdsec.sh

bench-clean:
	rm -f $(BENCH_PROGRAMS)
clean: bench-clean

.PHONY: bench bench-policy bench-crowdsec bench-limits bench-clean
