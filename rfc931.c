/*
 * rfc931.c - ask the client's ident server (RFC 931/1413) who owns the
 * connection.
 *
 * The query socket is bound to the server's address of the connection
 * (port 0) and connected to the client's address, port 113, so that a
 * multi-homed host asks with the right addresses. Only a reply of the
 * form "clientport , serverport : USERID : opsys : user" that echoes both
 * ports counts; anything else, and any failure, gives "unknown".
 *
 * The time limit is rfc931_timeout seconds, enforced with SIGALRM and
 * siglongjmp (connect and read may block for long). The library runs
 * inside other people's daemons, so on every way out the caller's SIGALRM
 * disposition, its real-time interval timer (less the time we spent, and
 * delivered at once if it ran out meanwhile), a SIGALRM it had pending
 * and its signal mask are given back exactly.
 *
 * A user name that does not fit in STRING_LENGTH - 1 bytes is refused
 * ("unknown") rather than cut into a different name that a user@host
 * pattern might match.
 */

#include <ctype.h>
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/time.h>

#include "wrap.h"

#define IDENT_PORT	113
#define REPLY_MAX	512		/* longest reply line we read */

int     rfc931_timeout = RFC931_TIMEOUT;

static sigjmp_buf timebuf;

/* What the caller had of SIGALRM while we borrow it. */
struct alarm_state {
    sigset_t mask;			/* signal mask */
    struct sigaction action;		/* SIGALRM disposition */
    struct itimerval timer;		/* ITIMER_REAL */
    struct timespec start;		/* when we took the timer */
    int     pending;			/* a SIGALRM was pending */
};

/* on_timeout - SIGALRM handler: abandon the query */
static void on_timeout(int sig)
{
    siglongjmp(timebuf, sig);
}

/* alarm_set - a signal set holding SIGALRM only */
static sigset_t alarm_set(void)
{
    sigset_t set;

    sigemptyset(&set);
    sigaddset(&set, SIGALRM);
    return (set);
}

/* take_pending_alarm - remove a pending (blocked) SIGALRM; was there one? */
static int take_pending_alarm(void)
{
    static const struct timespec now;
    sigset_t set = alarm_set();

    return (sigtimedwait(&set, (siginfo_t *) 0, &now) == SIGALRM);
}

/* take_alarm - save the caller's SIGALRM state and install our handler */
static void take_alarm(struct alarm_state *saved)
{
    static const struct itimerval off;
    sigset_t set = alarm_set();
    struct sigaction ours;

    sigprocmask(SIG_BLOCK, &set, &saved->mask);
    setitimer(ITIMER_REAL, &off, &saved->timer);
    clock_gettime(CLOCK_MONOTONIC, &saved->start);
    saved->pending = take_pending_alarm();
    ours.sa_handler = on_timeout;
    ours.sa_flags = 0;
    sigemptyset(&ours.sa_mask);
    sigaction(SIGALRM, &ours, &saved->action);
}

/* give_back_alarm - restore what take_alarm saved; SIGALRM is blocked */
static void give_back_alarm(const struct alarm_state *saved)
{
    static const struct itimerval off;
    struct itimerval timer = saved->timer;
    struct timespec now;
    long long left;

    setitimer(ITIMER_REAL, &off, (struct itimerval *) 0);
    (void) take_pending_alarm();		/* ours, if it came late */
    sigaction(SIGALRM, &saved->action, (struct sigaction *) 0);
    if (timer.it_value.tv_sec != 0 || timer.it_value.tv_usec != 0) {
	clock_gettime(CLOCK_MONOTONIC, &now);
	left = timer.it_value.tv_sec * 1000000LL + timer.it_value.tv_usec
	    - (now.tv_sec - saved->start.tv_sec) * 1000000LL
	    - (now.tv_nsec - saved->start.tv_nsec) / 1000;
	if (left <= 0)
	    left = 1;				/* ran out meanwhile: now */
	timer.it_value.tv_sec = (time_t) (left / 1000000);
	timer.it_value.tv_usec = (suseconds_t) (left % 1000000);
	setitimer(ITIMER_REAL, &timer, (struct itimerval *) 0);
    }
    if (saved->pending)
	raise(SIGALRM);				/* stays pending: blocked */
    sigprocmask(SIG_SETMASK, &saved->mask, (sigset_t *) 0);
}

/* port_of - port number of an AF_INET or AF_INET6 endpoint */
static unsigned port_of(const struct sockaddr *sa)
{
    if (sa->sa_family == AF_INET)
	return (ntohs(((const struct sockaddr_in *) sa)->sin_port));
    return (ntohs(((const struct sockaddr_in6 *) sa)->sin6_port));
}

/* set_port - set the port number of an AF_INET or AF_INET6 endpoint */
static void set_port(struct sockaddr_storage *ss, unsigned port)
{
    if (ss->ss_family == AF_INET)
	((struct sockaddr_in *) ss)->sin_port = htons((uint16_t) port);
    else
	((struct sockaddr_in6 *) ss)->sin6_port = htons((uint16_t) port);
}

/* skip_space - pass over white space */
static const char *skip_space(const char *cp)
{
    while (isspace((unsigned char) *cp))
	cp++;
    return (cp);
}

/* parse_port - a port number (digits only, at most 65535), or 0 */
static const char *parse_port(const char *cp, unsigned *port)
{
    unsigned long value = 0;
    const char *start = cp;

    while (isdigit((unsigned char) *cp) && value <= 65535)
	value = value * 10 + (unsigned long) (*cp++ - '0');
    if (cp == start || value > 65535 || isdigit((unsigned char) *cp))
	return (0);
    *port = (unsigned) value;
    return (cp);
}

/* expect - pass over optional white space and then word; 0 if absent */
static const char *expect(const char *cp, const char *word)
{
    size_t  len = strlen(word);

    cp = skip_space(cp);
    return (strncmp(cp, word, len) == 0 ? cp + len : 0);
}

/*
 * wrap_ident_parse - parse one ident reply line, as Debian's
 * "%u , %u : USERID :%*[^:]:%255s" but with strict port numbers: both
 * ports must echo the query; the user is the first token of the last
 * field (a CR, being white space, never part of it) and must fit in size.
 */
enum wrap_result wrap_ident_parse(const char *reply, unsigned client_port,
				          unsigned server_port, char *user,
				          size_t size)
{
    const char *cp = reply;
    const char *end;
    unsigned port1;
    unsigned port2;
    size_t  len;

    if ((cp = parse_port(skip_space(cp), &port1)) == 0
	|| (cp = expect(cp, ",")) == 0
	|| (cp = parse_port(skip_space(cp), &port2)) == 0
	|| (cp = expect(cp, ":")) == 0
	|| (cp = expect(cp, "USERID")) == 0
	|| (cp = expect(cp, ":")) == 0)
	return (WRAP_NO);
    if ((end = strchr(cp, ':')) == 0 || end == cp)	/* operating system */
	return (WRAP_NO);
    cp = skip_space(end + 1);
    for (end = cp; *end && !isspace((unsigned char) *end); end++)
	 /* void */ ;
    len = (size_t) (end - cp);
    if (len == 0 || len >= size || port1 != client_port || port2 != server_port)
	return (WRAP_NO);
    memcpy(user, cp, len);
    user[len] = 0;
    return (WRAP_YES);
}

/* read_line - read up to a newline into buf[size]; -1 if none came */
static int read_line(int fd, char *buf, size_t size)
{
    size_t  used = 0;
    ssize_t got;

    while (used < size - 1) {
	if ((got = read(fd, buf + used, size - 1 - used)) <= 0)
	    return (-1);			/* error, or EOF before newline */
	buf[used + (size_t) got] = 0;
	if (memchr(buf + used, '\n', (size_t) got) != 0)
	    return (0);
	used += (size_t) got;
    }
    return (-1);				/* line too long */
}

/* query - one ident exchange on socket fd; WRAP_YES with the user */
static enum wrap_result query(int fd, const struct sockaddr *client,
			              const struct sockaddr *server, socklen_t len,
			              char *user, size_t size)
{
    struct sockaddr_storage here;
    struct sockaddr_storage there;
    char    buf[REPLY_MAX];
    int     n;

    memset(&here, 0, sizeof(here));
    memset(&there, 0, sizeof(there));
    memcpy(&here, server, len);
    memcpy(&there, client, len);
    set_port(&here, 0);
    set_port(&there, IDENT_PORT);
    if (bind(fd, (struct sockaddr *) &here, len) < 0
	|| connect(fd, (struct sockaddr *) &there, len) < 0)
	return (WRAP_NO);
    n = snprintf(buf, sizeof(buf), "%u,%u\r\n", port_of(client), port_of(server));
    if (send(fd, buf, (size_t) n, MSG_NOSIGNAL) != n)
	return (WRAP_NO);
    if (read_line(fd, buf, sizeof(buf)) < 0)
	return (WRAP_NO);
    return (wrap_ident_parse(buf, port_of(client), port_of(server), user, size));
}

/* ask_ident - run one query within rfc931_timeout seconds */
static enum wrap_result ask_ident(const struct sockaddr *client,
				          const struct sockaddr *server,
				          socklen_t len, char *user, size_t size)
{
    struct alarm_state saved;
    struct itimerval limit;
    sigset_t set = alarm_set();
    volatile enum wrap_result result = WRAP_NO;
    int     fd;

    if ((fd = socket(server->sa_family, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0) {
	tcpd_warn("socket: %m");
	return (WRAP_NO);
    }
    take_alarm(&saved);
    if (sigsetjmp(timebuf, 1) == 0) {		/* saves a mask blocking SIGALRM */
	memset(&limit, 0, sizeof(limit));
	limit.it_value.tv_sec = rfc931_timeout;
	setitimer(ITIMER_REAL, &limit, (struct itimerval *) 0);
	sigprocmask(SIG_UNBLOCK, &set, (sigset_t *) 0);
	result = query(fd, client, server, len, user, size);
	sigprocmask(SIG_BLOCK, &set, (sigset_t *) 0);
    }
    give_back_alarm(&saved);
    close(fd);
    return (result);
}

/* rfc931 - look up the owner of a connection; "unknown" when we can't */
void    rfc931(struct sockaddr_in *client_sin, struct sockaddr_in *server_sin,
	               char *dest)
{
    const struct sockaddr *client = (const struct sockaddr *) client_sin;
    const struct sockaddr *server = (const struct sockaddr *) server_sin;
    char    user[STRING_LENGTH];
    socklen_t len;

    if (client == 0 || server == 0 || client->sa_family != server->sa_family
	|| (len = wrap_sockaddr_len(server)) == 0 || rfc931_timeout <= 0
	|| ask_ident(client, server, len, user, sizeof(user)) != WRAP_YES)
	memcpy(user, unknown, sizeof(STRING_UNKNOWN));
    memcpy(dest, user, strlen(user) + 1);
}
