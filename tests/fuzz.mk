# tests/fuzz.mk - fuzz targets (tests/fuzz/<target>.c, seed corpus in
# tests/fuzz/<target>/). `make check` builds each target with a plain
# main() (tests/fuzz/replay.c) that replays the corpus (tests/fuzz.test);
# `make fuzz FUZZ_SECONDS=N` builds them with clang's libFuzzer, ASan and
# UBSan (the library objects too, in tests/fuzz/obj/) and runs each for N
# seconds; new inputs go to tests/fuzz/work/<target>/, crashes to
# tests/fuzz/work/crash-<target>-*.
FUZZ_TARGETS	= table options expand ident inetcf banline duration batchline limit
FUZZ_SECONDS	?= 60
FUZZ_CC		?= clang
FUZZ_SAN	= -g -O1 -fno-omit-frame-pointer -fno-sanitize-recover=all
FUZZ_OBJS	= $(LIB_SRCS:%.c=tests/fuzz/obj/%.o) tests/fuzz/obj/scaffold.o \
		  tests/fuzz/obj/banfile.o
FUZZ_REPLAYS	= $(FUZZ_TARGETS:%=tests/fuzz/replay_%)
TEST_PROGRAMS	+= $(FUZZ_REPLAYS)

# A replay compiles two sources in one command, where -MMD would keep
# the headers of one: -MM lists those of both. banfile.o is tcpdban's
# ban-line parser (target banline).
$(FUZZ_REPLAYS): tests/fuzz/replay_%: tests/fuzz/%.c tests/fuzz/replay.c \
		scaffold.o banfile.o libwrap.a
	$(CC) $(ALL_CFLAGS) -MM -MP -MT $@ tests/fuzz/$*.c tests/fuzz/replay.c \
		> $@.d
	$(CC) $(ALL_CFLAGS) -o $@ tests/fuzz/$*.c tests/fuzz/replay.c \
		scaffold.o banfile.o libwrap.a

tests/fuzz/obj/%.o: %.c
	@mkdir -p tests/fuzz/obj
	$(FUZZ_CC) $(WARNINGS) $(SETTINGS) $(FUZZ_SAN) $(DEPFLAGS) \
		-fsanitize=fuzzer-no-link,address,undefined -c -o $@ $<
tests/fuzz/fuzz_%: tests/fuzz/%.c $(FUZZ_OBJS)
	$(FUZZ_CC) $(WARNINGS) $(SETTINGS) $(FUZZ_SAN) $(DEPFLAGS) \
		-fsanitize=fuzzer,address,undefined -o $@ $< $(FUZZ_OBJS)

fuzz: $(FUZZ_TARGETS:%=tests/fuzz/fuzz_%)
	for t in $(FUZZ_TARGETS); do \
		mkdir -p tests/fuzz/work/$$t || exit 1; \
		tests/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) \
			-print_final_stats=1 -timeout=10 -rss_limit_mb=2048 \
			-artifact_prefix=tests/fuzz/work/crash-$$t- \
			tests/fuzz/work/$$t tests/fuzz/$$t || exit 1; \
	done

# The instrumented objects are kept between runs.
.SECONDARY: $(FUZZ_OBJS)

clean: clean-fuzz
clean-fuzz:
	rm -rf tests/fuzz/obj tests/fuzz/work
	rm -f $(FUZZ_TARGETS:%=tests/fuzz/fuzz_%) \
		$(FUZZ_TARGETS:%=tests/fuzz/fuzz_%.d)
.PHONY: fuzz clean-fuzz
