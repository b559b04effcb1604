/*
 * diag.c - the one reporting path of the library.
 *
 * Warnings (tcpd_warn), errors (tcpd_jump), verbose "matched:" and
 * "option:" lines and connection log lines all end in wrap_report(). By
 * default it calls syslog; tcpdmatch and tcpdchk redirect it to stdout,
 * as 7.6 did (Debian's hardened build lost these lines to syslog), so no
 * libc function needs interposing.
 *
 * Also owns tcpd_context (where in which table we are) and tcpd_buf (where
 * hosts_access() waits for tcpd_jump and the allow/deny options).
 */

/*
 * Plain syslog(), not the fortified __syslog_chk(): a program such as
 * Debian's tcpdmatch that defines its own syslog() to print on stdout
 * then sees our reports too (Debian's fortified library calls
 * __vsyslog_chk, which that syslog() never sees). Nothing here needs
 * fortifying: the format is always "%s".
 */
#undef _FORTIFY_SOURCE

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "wrap.h"

struct tcpd_context tcpd_context;
jmp_buf tcpd_buf;

static wrap_report_fn report_fn;	/* 0: syslog */

/* wrap_report_to - send reports to fn, or back to syslog when fn is 0 */
void    wrap_report_to(wrap_report_fn fn)
{
    report_fn = fn;
}

/* expand_errno - copy format with every %m replaced by text; malloc'd */
static char *expand_errno(const char *format, const char *text)
{
    size_t  count = 0;
    const char *cp;
    char   *result;
    char   *out;

    for (cp = format; (cp = strstr(cp, "%m")) != 0; cp += 2)
	count++;
    if ((result = malloc(strlen(format) + count * strlen(text) + 1)) == 0)
	return (0);
    for (out = result, cp = format; *cp; cp++) {
	if (cp[0] == '%' && cp[1] == '%') {
	    *out++ = *cp++;
	    *out++ = *cp;
	} else if (cp[0] == '%' && cp[1] == 'm') {
	    out = stpcpy(out, text);
	    cp++;
	} else {
	    *out++ = *cp;
	}
    }
    *out = 0;
    return (result);
}

/* neutralize_controls - replace control characters (but tab) so that one
 * report is one line: a host name cannot forge log lines */
static void neutralize_controls(char *text)
{
    for (; *text; text++)
	if (((unsigned char) *text < ' ' && *text != '\t') || *text == 0x7f)
	    *text = '?';
}

/* wrap_vreport - format a report (with %m) and deliver it */
void    wrap_vreport(int priority, const char *format, va_list ap)
{
    char   *fmt;
    char   *text = 0;

    fmt = expand_errno(format, strerror(errno));
    if (fmt == 0 || vasprintf(&text, fmt, ap) < 0)
	text = 0;
    free(fmt);
    if (text == 0) {				/* out of memory: say that much */
	if (report_fn)
	    report_fn(LOG_ERR, "error: out of memory while reporting");
	else
	    syslog(LOG_ERR, "error: out of memory while reporting");
	return;
    }
    neutralize_controls(text);
    if (report_fn)
	report_fn(priority, text);
    else
	syslog(priority, "%s", text);
    free(text);
}

/* wrap_report - printf-like front end of wrap_vreport */
void    wrap_report(int priority, const char *format,...)
{
    va_list ap;

    va_start(ap, format);
    wrap_vreport(priority, format, ap);
    va_end(ap);
}

/* report_problem - "tag: [file, line n: ]message" at LOG_ERR */
static void report_problem(const char *tag, const char *format, va_list ap)
{
    char   *fmt;
    int     saved_errno = errno;
    int     len;

    if (tcpd_context.file)
	len = asprintf(&fmt, "%s: %s, line %d: %s", tag, tcpd_context.file,
		       tcpd_context.line, format);
    else
	len = asprintf(&fmt, "%s: %s", tag, format);
    errno = saved_errno;
    if (len < 0) {
	wrap_vreport(LOG_ERR, format, ap);
	return;
    }
    wrap_vreport(LOG_ERR, fmt, ap);
    free(fmt);
}

/* tcpd_warn - report a problem and go on */
void    tcpd_warn(char *format,...)
{
    va_list ap;

    va_start(ap, format);
    report_problem("warning", format, ap);
    va_end(ap);
}

/* tcpd_jump - report a problem and jump back into hosts_access(): deny */
void    tcpd_jump(char *format,...)
{
    va_list ap;

    va_start(ap, format);
    report_problem("error", format, ap);
    va_end(ap);
    longjmp(tcpd_buf, AC_ERROR);
}

/*
 * percent_m - copy ibuf to obuf with %m replaced by strerror(errno). The
 * ABI gives no size for obuf; like the original, the caller must make it
 * large enough (the input plus room for one error text per %m).
 */
char   *percent_m(char *obuf, char *ibuf)
{
    char   *expanded = expand_errno(ibuf, strerror(errno));

    if (expanded == 0) {
	*obuf = 0;
	return (obuf);
    }
    strcpy(obuf, expanded);
    free(expanded);
    return (obuf);
}
