/*
 * shell_cmd.c - run a shell command (the spawn and aclexec options) and
 * wait for it.
 *
 * The command runs as /bin/sh -c with stdin, stdout and stderr on
 * /dev/null and SIGHUP ignored (a session leader's exit must not kill a
 * command that put itself in the background). The caller of the library
 * may have children of its own and a SIGCHLD handler for them: while we
 * wait, SIGCHLD is blocked and only our own child is reaped, so a foreign
 * child is left to its parent; when the mask is restored, any SIGCHLD
 * that came meanwhile reaches the caller's handler (Debian's fix for Red
 * Hat #112975).
 *
 * If the caller ignores SIGCHLD (SIG_IGN or SA_NOCLDWAIT), the kernel
 * would reap our child itself and leave no status to wait for; then the
 * default disposition is set for the time of the wait, and afterwards
 * every child that exited meanwhile is reaped, as the kernel would have
 * done for the caller.
 *
 * A child that cannot run the command exits with status 127, so aclexec
 * counts it as a failure (Debian's child exits 0).
 */

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>
#include <sys/wait.h>

#include "wrap.h"

/* run_child - in the child: set up stdio on /dev/null and exec the shell */
static void run_child(const char *command, const sigset_t *mask)
{
    int     fd;

    signal(SIGHUP, SIG_IGN);
    sigprocmask(SIG_SETMASK, mask, (sigset_t *) 0);
    if ((fd = open("/dev/null", O_RDWR)) < 0) {
	tcpd_warn("open /dev/null: %m");
    } else if (dup2(fd, 0) != 0 || dup2(fd, 1) != 1 || dup2(fd, 2) != 2) {
	tcpd_warn("dup: %m");
    } else {
	if (fd > 2)
	    close(fd);
	execl("/bin/sh", "sh", "-c", command, (char *) 0);
	tcpd_warn("execl /bin/sh: %m");
    }
    _exit(127);
}

/* ignores_children - does this SIGCHLD disposition make the kernel reap? */
static int ignores_children(const struct sigaction *action)
{
    return ((action->sa_flags & SA_NOCLDWAIT)
	    || ((action->sa_flags & SA_SIGINFO) == 0
		&& action->sa_handler == SIG_IGN));
}

/*
 * wrap_run_command - run command, wait for that child only; its wait
 * status, or -1 (warned, errno kept) when it could not be started. The
 * child's process id goes to *pid.
 */
int     wrap_run_command(const char *command, int *pid)
{
    sigset_t block;
    sigset_t saved_mask;
    struct sigaction saved_action;
    struct sigaction default_action;
    int     ignoring;
    pid_t   child;
    int     status = -1;
    int     saved_errno = 0;

    sigemptyset(&block);
    sigaddset(&block, SIGCHLD);
    sigprocmask(SIG_BLOCK, &block, &saved_mask);
    sigaction(SIGCHLD, (struct sigaction *) 0, &saved_action);
    if ((ignoring = ignores_children(&saved_action)) != 0) {
	default_action.sa_handler = SIG_DFL;
	default_action.sa_flags = 0;
	sigemptyset(&default_action.sa_mask);
	sigaction(SIGCHLD, &default_action, (struct sigaction *) 0);
    }
    if ((child = fork()) < 0) {
	saved_errno = errno;
	tcpd_warn("cannot fork: %m");
    } else if (child == 0) {
	run_child(command, &saved_mask);
    } else {
	*pid = (int) child;
	while (waitpid(child, &status, 0) < 0) {
	    if (errno != EINTR) {
		saved_errno = errno;
		tcpd_warn("waitpid: %m");
		status = -1;
		break;
	    }
	}
    }
    if (ignoring) {
	sigaction(SIGCHLD, &saved_action, (struct sigaction *) 0);
	while (waitpid(-1, (int *) 0, WNOHANG) > 0)
	     /* reap as the kernel would have */ ;
    }
    sigprocmask(SIG_SETMASK, &saved_mask, (sigset_t *) 0);
    errno = saved_errno;
    return (status);
}

/* shell_cmd - run command and wait for it (the spawn option) */
void    shell_cmd(char *command)
{
    int     pid;

    (void) wrap_run_command(command, &pid);
}
