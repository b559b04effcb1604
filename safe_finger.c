/*
 * safe_finger.c - run finger against a possibly hostile host, safely.
 *
 * Booby traps such as "spawn (safe_finger -l @%h | mail root) &" finger
 * the client that connected. What its finger server sends back is not to
 * be trusted, so this wrapper, like Debian's:
 *   - gives up root for user nobody before anything else is done;
 *   - runs finger with a fixed PATH and its output piped through a filter;
 *   - stops after SAFE_FINGER_TIMEOUT seconds (the finger is killed) and
 *     after INPUT_LIMIT bytes (a notice says so);
 *   - starts every output line with a space, folds lines longer than
 *     LINE_LIMIT columns with a backslash-newline, doubles backslashes and
 *     writes every byte that is neither printable ASCII nor white space
 *     as \ooo, so that nothing reaches a terminal or a mail reader raw.
 * It exits 0 when finger exited 0 (or on the time limit), else 1.
 *
 * libc only: it does not use libwrap.
 */

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef SAFE_FINGER_TIMEOUT
#define SAFE_FINGER_TIMEOUT	60	/* seconds; tests build a shorter one */
#endif
#define INPUT_LIMIT	100000		/* bytes of finger output we look at */
#define LINE_LIMIT	128		/* output columns before a fold */
#define UNPRIV_NAME	"nobody"
#define UNPRIV_ID	65534		/* when there is no usable "nobody" */
#define FINGER_PATH	"/bin:/usr/bin:/sbin:/usr/sbin"

static pid_t finger_pid;

/* fail - report a failed system call and exit 1 */
static _Noreturn void fail(const char *what)
{
    perror(what);
    exit(1);
}

/* time_up - SIGALRM: kill finger, reap it (it is gone when we are) and
 * leave; a partial output line is lost */
static void time_up(int sig)
{
    (void) sig;
    (void) kill(finger_pid, SIGKILL);
    (void) waitpid(finger_pid, (int *) 0, 0);
    _exit(0);
}

/* open_standard_fds - make sure descriptors 0, 1 and 2 are open */
static void open_standard_fds(void)
{
    struct stat st;
    int     fd;

    for (fd = 0; fd < 3; fd++)
	if (fstat(fd, &st) < 0 && open("/dev/null", O_RDWR) != fd)
	    fail("open /dev/null");
}

/* drop_privileges - as root, become nobody (group, groups, then user) */
static void drop_privileges(void)
{
    const struct passwd *pw;

    if (getuid() != 0 && geteuid() != 0)
	return;
    if ((pw = getpwnam(UNPRIV_NAME)) != 0 && pw->pw_uid > 0) {
	if (setgid(pw->pw_gid) < 0)
	    fail("setgid");
	if (initgroups(pw->pw_name, pw->pw_gid) < 0)
	    fail("initgroups");
	if (setuid(pw->pw_uid) < 0)
	    fail("setuid");
    } else {
	if (setgid(UNPRIV_ID) < 0)
	    fail("setgid");
	if (setgroups(0, (const gid_t *) 0) < 0)
	    fail("setgroups");
	if (setuid(UNPRIV_ID) < 0)
	    fail("setuid");
    }
    if (getuid() == 0 || geteuid() == 0) {
	fputs("safe_finger: cannot give up root privileges\n", stderr);
	exit(1);
    }
}

/* start_finger - run finger with argv, return the read end of its stdout */
static int start_finger(char **argv)
{
    int     pipefds[2];

    if (pipe(pipefds) < 0)
	fail("pipe");
    switch (finger_pid = fork()) {
    case -1:
	fail("fork");
    case 0:
	(void) close(pipefds[0]);
	if (dup2(pipefds[1], 1) != 1)
	    fail("dup2");
	(void) close(pipefds[1]);
	(void) execvp(argv[0], argv);
	fail(argv[0]);
    default:
	(void) close(pipefds[1]);
	return (pipefds[0]);
    }
}

/* put_byte - write one input byte, folded, margin-protected and quoted */
static void put_byte(int c, int *column)
{
    if (c == '\n') {
	putchar(c);
	*column = 0;
	return;
    }
    if (*column >= LINE_LIMIT) {		/* fold a long line */
	fputs("\\\n", stdout);
	*column = 0;
    }
    if (*column == 0) {				/* protect the left margin */
	putchar(' ');
	*column += 1;
    }
    if (c < 0x80 && (isprint(c) || isspace(c))) {
	if (c == '\\') {
	    putchar(c);
	    *column += 1;
	}
	putchar(c);
	*column += 1;
    } else {					/* anything else as \ooo */
	printf("\\%03o", c & 0377);
	*column += 4;
    }
}

/* filter - copy finger's output from fd to stdout, within the limits */
static void filter(int fd)
{
    unsigned char buf[4096];
    long    total = 0;
    int     column = 0;
    ssize_t count;
    ssize_t i;

    for (;;) {
	if ((count = read(fd, buf, sizeof(buf))) < 0) {
	    if (errno == EINTR)
		continue;
	    fail("read");
	}
	if (count == 0)
	    break;
	for (i = 0; i < count; i++) {
	    if (total++ >= INPUT_LIMIT) {	/* do not listen to more */
		printf("\n\n Input truncated to %d bytes...\n", INPUT_LIMIT);
		(void) close(fd);
		return;
	    }
	    put_byte(buf[i], &column);
	}
    }
    (void) close(fd);
}

/* finger_status - wait for finger; 0 if it exited 0, else 1 */
static int finger_status(void)
{
    pid_t   pid;
    int     status;

    while ((pid = wait(&status)) != finger_pid)
	if (pid < 0 && errno != EINTR)
	    return (1);
    return (!(WIFEXITED(status) && WEXITSTATUS(status) == 0));
}

/* main - finger with our arguments, filter what comes back */
int     main(int argc, char **argv)
{
    static char *no_args[] = {"finger", 0};
    struct sigaction sa;
    int     fd;

    open_standard_fds();
    drop_privileges();
    if (setenv("PATH", FINGER_PATH, 1) < 0)
	fail("setenv");
    if (argc < 1 || argv[0] == 0)
	argv = no_args;
    argv[0] = "finger";
    /* Line buffered: on the time limit at most the current line is lost. */
    (void) setvbuf(stdout, (char *) 0, _IOLBF, BUFSIZ);

    fd = start_finger(argv);
    sa.sa_handler = time_up;
    sa.sa_flags = 0;
    (void) sigemptyset(&sa.sa_mask);
    if (sigaction(SIGALRM, &sa, (struct sigaction *) 0) < 0)
	fail("sigaction");
    (void) alarm(SAFE_FINGER_TIMEOUT);

    filter(fd);
    if (fflush(stdout) == EOF)
	fail("write");
    return (finger_status());
}
