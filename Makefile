# Makefile - builds libwrap (static and shared), tcpd and its tools, and
# runs the tests. The build settings are make variables, with Debian's
# defaults, so that a packager sets them on the command line:
#   make PARANOID=1 HOSTS_ALLOW=/etc/x.allow FACILITY=LOG_MAIL ...

PREFIX		?= /usr/local
SBINDIR		?= $(PREFIX)/sbin
LIBDIR		?= $(PREFIX)/lib
INCLUDEDIR	?= $(PREFIX)/include
MANDIR		?= $(PREFIX)/share/man

CC		?= cc
CFLAGS		?= -O2 -g
WARNINGS	= -std=c11 -Wall -Wextra
PIC		= -fPIC
# Hardening that changes neither the ABI nor where diagnostics go.
HARDEN		= -D_FORTIFY_SOURCE=3 -fstack-protector-strong
HARDEN_LD	= -Wl,-z,relro,-z,now
PIE		= -fPIE -pie
# The compiler writes the headers each object or test program includes
# to a .d file beside it (-MP: a header since removed stops no build);
# the .d files are read back below. DEPFLAGS is among the flags kept in
# .build-flags, so an object built without them is rebuilt once.
DEPFLAGS	= -MMD -MP

# Build-time settings, defaults as Debian's.
HOSTS_ALLOW	?= /etc/hosts.allow
HOSTS_DENY	?= /etc/hosts.deny
REAL_DAEMON_DIR	?= /usr/sbin
FACILITY	?= LOG_DAEMON
RFC931_TIMEOUT	?= 10
PARANOID	?= 0
ALWAYS_HOSTNAME	?= 0
KILL_IP_OPTIONS	?= 1
# The shared counts of the per_source and rate options (a tmpfs; the
# directory is made, root's, if missing).
LIMITS_STATE	?= /run/tcpd/limits

SETTINGS = -D_GNU_SOURCE \
	-DHOSTS_ALLOW='"$(HOSTS_ALLOW)"' -DHOSTS_DENY='"$(HOSTS_DENY)"' \
	-DREAL_DAEMON_DIR='"$(REAL_DAEMON_DIR)"' -DFACILITY=$(FACILITY) \
	-DRFC931_TIMEOUT=$(RFC931_TIMEOUT) -DPARANOID_MODE=$(PARANOID) \
	-DALWAYS_HOSTNAME_MODE=$(ALWAYS_HOSTNAME) \
	-DKILL_IP_OPTIONS_MODE=$(KILL_IP_OPTIONS) \
	-DLIMITS_STATE='"$(LIMITS_STATE)"'

# SANITIZE=1: everything under AddressSanitizer and
# UndefinedBehaviorSanitizer (_FORTIFY_SOURCE conflicts with ASan). The
# flags are remembered in .build-flags: a change rebuilds every object
# and program, so no `make clean` is needed when switching.
ifeq ($(SANITIZE),1)
SAN		= -fsanitize=address,undefined -fno-sanitize-recover=all \
		  -fno-omit-frame-pointer -O1 -g
HARDEN		= -fstack-protector-strong
CFLAGS		+= $(SAN)
LDFLAGS		+= $(SAN)
SAN_ENV		= ASAN_OPTIONS=halt_on_error=1:abort_on_error=1:detect_leaks=1 \
		  UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1:print_stacktrace=1
endif

ALL_CFLAGS = $(WARNINGS) $(HARDEN) $(SETTINGS) $(CPPFLAGS) $(CFLAGS)
LINK = $(CC) $(CFLAGS) $(PIE) $(HARDEN_LD) $(LDFLAGS)

LIB_SRCS = diag.c readfile.c expiry.c limitstate.c limits.c address.c dropin.c table.c table_index.c index_build.c index_keys.c fast_scan.c match.c hosts_access.c options.c percent_x.c \
	eval.c update.c socket.c rfc931.c shell_cmd.c refuse.c fix_options.c \
	misc.c
LIB_OBJS = $(LIB_SRCS:.c=.o)
PROGRAMS = tcpd tcpdmatch tcpdchk tcpdban try-from safe_finger

SONAME	= libwrap.so.0
SOFILE	= libwrap.so.0.7.6

all: libwrap.a $(SOFILE) $(SONAME) libwrap.so $(PROGRAMS)

$(LIB_OBJS): %.o: %.c
	$(CC) $(ALL_CFLAGS) $(DEPFLAGS) $(PIC) -c -o $@ $<

libwrap.a: $(LIB_OBJS)
	rm -f $@
	$(AR) rcs $@ $(LIB_OBJS)

# With SANITIZE=1 the shared library stays uninstrumented (objects in
# plain/): programs that are not ours (socat, Debian-built test programs)
# load it, and ASan must come first in a process. Sanitized code runs
# through libwrap.a and every program and test driver.
ifeq ($(SANITIZE),1)
SO_OBJS = $(LIB_SRCS:%.c=plain/%.o)
$(SO_OBJS): plain/%.o: %.c
	@mkdir -p plain
	$(CC) $(WARNINGS) $(SETTINGS) $(CPPFLAGS) -O2 -g $(DEPFLAGS) $(PIC) -c -o $@ $<
$(SOFILE): $(SO_OBJS) libwrap.map
	$(CC) -O2 -g $(HARDEN_LD) -shared -Wl,-soname,$(SONAME) \
		-Wl,--version-script=libwrap.map -o $@ $(SO_OBJS)
else
$(SOFILE): $(LIB_OBJS) libwrap.map
	$(CC) $(CFLAGS) $(HARDEN_LD) $(LDFLAGS) -shared -Wl,-soname,$(SONAME) \
		-Wl,--version-script=libwrap.map -o $@ $(LIB_OBJS)
endif

$(SONAME) libwrap.so: $(SOFILE)
	ln -sf $(SOFILE) $@

# Our programs link the static library: they use its internal seams
# (wrap.h), which the shared library does not export.
tcpdmatch: tcpdmatch.o expect.o matchjson.o json.o inetcf.o scaffold.o libwrap.a
	$(LINK) -o $@ tcpdmatch.o expect.o matchjson.o json.o inetcf.o scaffold.o libwrap.a
TCPDCHK_OBJS = tcpdchk.o shadow.o chkjson.o lockout.o perms.o json.o inetcf.o \
	scaffold.o
tcpdchk: $(TCPDCHK_OBJS) libwrap.a
	$(LINK) -o $@ $(TCPDCHK_OBJS) libwrap.a
tcpdban: tcpdban.o banfile.o libwrap.a
	$(LINK) -o $@ tcpdban.o banfile.o libwrap.a
tcpd try-from: %: %.o libwrap.a
	$(LINK) -o $@ $< libwrap.a
safe_finger: safe_finger.o
	$(LINK) -o $@ safe_finger.o

tcpd.o tcpdmatch.o tcpdchk.o tcpdban.o banfile.o shadow.o try-from.o safe_finger.o \
	inetcf.o scaffold.o expect.o chkjson.o matchjson.o json.o lockout.o perms.o: %.o: %.c
	$(CC) $(ALL_CFLAGS) $(DEPFLAGS) -fPIE -c -o $@ $<

include $(wildcard tests/*.mk)
-include $(wildcard *.d plain/*.d tests/*.d tests/fuzz/*.d tests/fuzz/obj/*.d)

BUILD_FLAGS = $(subst ',,$(CC) $(ALL_CFLAGS) $(DEPFLAGS) $(LDFLAGS))
$(shell echo '$(BUILD_FLAGS)' | cmp -s - .build-flags || \
	echo '$(BUILD_FLAGS)' > .build-flags)
$(LIB_OBJS) $(PROGRAMS) $(PROGRAMS:=.o) shadow.o banfile.o inetcf.o scaffold.o expect.o chkjson.o matchjson.o json.o lockout.o perms.o $(SOFILE) \
	$(TEST_PROGRAMS): .build-flags
-include bench/bench.mk

# make check: the whole suite twice, first built with the sanitizers
# (SANITIZE=1), then as shipped (SANITIZE=0, where valgrind runs too).
# Either pass alone: make check SANITIZE=1, make check SANITIZE=0.
# valgrind cannot run sanitized programs: the first pass leaves its test
# to the second. deb.test builds the packages with Debian's build flags
# whatever SANITIZE says: once, in the second pass, is enough.
ifeq ($(SANITIZE),)
check:
	@echo "== pass 1 of 2: built with AddressSanitizer and UndefinedBehaviorSanitizer (all but valgrind.test and deb.test)"
	@$(MAKE) --no-print-directory check SANITIZE=1
	@echo "== pass 2 of 2: built as shipped"
	@$(MAKE) --no-print-directory check SANITIZE=0
else
check: all $(TEST_PROGRAMS)
	$(SAN_ENV) sh tests/run $(if $(filter 1,$(SANITIZE)),$(filter-out tests/valgrind.test tests/deb.test,$(wildcard tests/*.test)))
endif

demo: all tests/serve_once tests/client tests/logcatch
	sh tests/demo.sh

# install: programs, both libraries with their links, the header, a
# pkg-config file and the manual pages; uninstall removes exactly those.
MAN_PAGES = $(wildcard man/*.[358])
INSTALLED_LIBS = libwrap.a $(SOFILE) $(SONAME) libwrap.so

libwrap.pc: FORCE
	printf '%s\n' 'prefix=$(PREFIX)' 'libdir=$(LIBDIR)' \
		'includedir=$(INCLUDEDIR)' '' 'Name: libwrap' \
		'Description: TCP Wrappers host access control library' \
		'Version: 7.6' 'Cflags: -I$${includedir}' \
		'Libs: -L$${libdir} -lwrap' > $@

install: all libwrap.pc
	install -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(LIBDIR)/pkgconfig \
		$(DESTDIR)$(INCLUDEDIR) $(DESTDIR)$(MANDIR)/man3 \
		$(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man8
	install -m 755 $(PROGRAMS) $(DESTDIR)$(SBINDIR)
	install -m 644 libwrap.a $(DESTDIR)$(LIBDIR)
	install -m 755 $(SOFILE) $(DESTDIR)$(LIBDIR)
	ln -sf $(SOFILE) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SOFILE) $(DESTDIR)$(LIBDIR)/libwrap.so
	install -m 644 tcpd.h $(DESTDIR)$(INCLUDEDIR)
	install -m 644 libwrap.pc $(DESTDIR)$(LIBDIR)/pkgconfig
	for page in $(MAN_PAGES); do \
		section=$${page##*.}; \
		install -m 644 $$page $(DESTDIR)$(MANDIR)/man$$section || exit 1; \
	done
	@$(if $(DESTDIR),:,$(LDCONFIG_NOTE))

# Into the live system (no DESTDIR), the dynamic linker's cache must
# learn of the new libwrap.so.0, or every daemon keeps loading the one
# the cache already names (Debian's, in /usr/lib/x86_64-linux-gnu).
# Under DESTDIR the files are a stage for a package, whose own trigger
# runs ldconfig where it is installed. Not root (a PREFIX of one's own),
# ldconfig cannot write the cache: a note says so, the install stands.
LDCONFIG = PATH="$$PATH:/usr/sbin:/sbin" ldconfig
LDCONFIG_NOTE = echo "installed: programs in $(SBINDIR), libwrap.so.0 in $(LIBDIR)"; \
	if $(LDCONFIG) 2> /dev/null; then \
		lib=$$($(LDCONFIG) -p | grep -m1 'libwrap\.so\.0 '); \
		echo "ldconfig has run; a daemon linked with libwrap.so.0 now loads:"; \
		echo "$${lib:-  none: $(LIBDIR) is not in /etc/ld.so.conf}"; \
	else \
		echo "ldconfig could not run (not root?): daemons load the libwrap.so.0 they did"; \
	fi

uninstall:
	rm -f $(addprefix $(DESTDIR)$(SBINDIR)/,$(PROGRAMS)) \
		$(addprefix $(DESTDIR)$(LIBDIR)/,$(INSTALLED_LIBS)) \
		$(DESTDIR)$(LIBDIR)/pkgconfig/libwrap.pc \
		$(DESTDIR)$(INCLUDEDIR)/tcpd.h
	for page in $(MAN_PAGES); do \
		rm -f $(DESTDIR)$(MANDIR)/man$${page##*.}/$${page#man/}; \
	done
	@$(if $(DESTDIR),:,$(LDCONFIG) 2> /dev/null || true)

# make deb: the Debian packages of debian/ (README, "Install as
# packages"). dpkg-buildpackage writes its results to the parent of the
# source, so it runs on a copy of the tree (the files git knows, or all
# but .git and $(DEB_DIR) outside git) in a temporary directory: neither
# this checkout nor its parent gets build files. The packages land in
# $(DEB_DIR); lintian, where installed, checks them and fails on errors.
DEB_DIR ?= deb
deb:
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && mkdir "$$tmp/src" && \
	if git rev-parse --is-inside-work-tree > /dev/null 2>&1; then \
		git ls-files -z --cached --others --exclude-standard | \
			tar --null --ignore-failed-read -T - -cf - 2> /dev/null; \
	else \
		tar --exclude=./.git --exclude=./$(DEB_DIR) -cf - . ; \
	fi | tar -xf - -C "$$tmp/src" && \
	(cd "$$tmp/src" && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
		dpkg-buildpackage -us -uc -b) && \
	rm -rf $(DEB_DIR) && mkdir -p $(DEB_DIR) && \
	mv "$$tmp"/*.deb "$$tmp"/*.buildinfo "$$tmp"/*.changes $(DEB_DIR) && \
	echo "packages in $(DEB_DIR):" && ls $(DEB_DIR)/*.deb && \
	if command -v lintian > /dev/null; then \
		lintian $(DEB_DIR)/*.deb && echo "lintian: no errors"; \
	else \
		echo "lintian is not installed: packages not checked"; \
	fi

clean:
	rm -rf plain
	rm -f *.o *.d libwrap.a libwrap.so* libwrap.pc .build-flags $(PROGRAMS) \
		$(TEST_PROGRAMS) $(TEST_PROGRAMS:=.d)

FORCE:
.PHONY: all clean demo check install uninstall deb FORCE
