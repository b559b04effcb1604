/*
 * shell_cmd_driver.c - drives shell_cmd() and wrap_run_command() for
 * shell_cmd.test.
 *
 * shell_cmd_driver foreign	a foreign child exits while shell_cmd waits:
 *				is it left to us, is our SIGCHLD handler
 *				called, is the mask unchanged?
 * shell_cmd_driver status CMD	prints the wait status of CMD
 * shell_cmd_driver ignored CMD	the same with SIGCHLD ignored by the caller
 * shell_cmd_driver child CMD	runs CMD with SIGUSR1 blocked in the caller
 */

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

#include "../wrap.h"

static volatile sig_atomic_t sigchld_count;

/* count_sigchld - a caller's SIGCHLD handler that leaves reaping to main */
static void count_sigchld(int sig)
{
    (void) sig;
    sigchld_count++;
}

/* show - report lines on stdout */
static void show(int priority, const char *text)
{
    printf("log <%d> %s\n", priority, text);
}

/* print_status - a wait status in words */
static void print_status(int status)
{
    if (status == -1)
	printf("status failed\n");
    else if (WIFEXITED(status))
	printf("status exit %d\n", WEXITSTATUS(status));
    else if (WIFSIGNALED(status))
	printf("status signal %d\n", WTERMSIG(status));
}

/* foreign - see the top */
static int foreign(void)
{
    struct sigaction action;
    sigset_t before, after;
    pid_t   pid;
    int     status;
    int     sig;
    int     same = 1;
    int     i;

    memset(&action, 0, sizeof(action));
    action.sa_handler = count_sigchld;
    sigaction(SIGCHLD, &action, 0);
    sigprocmask(SIG_BLOCK, 0, &before);
    if ((pid = fork()) == 0)
	_exit(7);
    shell_cmd("sleep 0.3");
    sigprocmask(SIG_BLOCK, 0, &after);
    for (sig = 1; sig < NSIG; sig++)
	if (sigismember(&before, sig) != sigismember(&after, sig))
	    same = 0;
    printf("mask %s\n", same ? "kept" : "changed");
    for (i = 0; i < 50 && sigchld_count == 0; i++)
	usleep(100000);
    printf("sigchld %s\n", sigchld_count > 0 ? "delivered" : "lost");
    if (waitpid(pid, &status, WNOHANG) == pid && WIFEXITED(status))
	printf("foreign child left to us, exit %d\n", WEXITSTATUS(status));
    else
	printf("foreign child gone\n");
    return (0);
}

int     main(int argc, char **argv)
{
    struct sigaction action;
    sigset_t set;
    int     pid;

    setvbuf(stdout, 0, _IOLBF, 0);
    wrap_report_to(show);
    if (argc == 2 && strcmp(argv[1], "foreign") == 0)
	return (foreign());
    if (argc == 3 && strcmp(argv[1], "status") == 0) {
	print_status(wrap_run_command(argv[2], &pid));
	return (0);
    }
    if (argc == 3 && strcmp(argv[1], "ignored") == 0) {
	signal(SIGCHLD, SIG_IGN);
	print_status(wrap_run_command(argv[2], &pid));
	sigaction(SIGCHLD, 0, &action);
	printf("disposition %s\n", action.sa_handler == SIG_IGN ? "kept" : "changed");
	return (0);
    }
    if (argc == 3 && strcmp(argv[1], "child") == 0) {
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, 0);
	shell_cmd(argv[2]);
	return (0);
    }
    fprintf(stderr, "usage: see shell_cmd_driver.c\n");
    return (2);
}
