/*
 * abi_values.c - prints the initial value of every data object that
 * libwrap.so.0 exports, as a program sees it through its copy
 * relocations, for exports.test. Built against our library and against
 * Debian's, then run on either.
 */

#include <stdio.h>

#include <tcpd.h>

/* show_string - a char * that may be null */
static void show_string(const char *name, const char *value)
{
    printf("%s %s\n", name, value ? value : "(null)");
}

/* main - print every exported object */
int main(void)
{
    printf("allow_severity %d\n", allow_severity);
    printf("deny_severity %d\n", deny_severity);
    printf("rfc931_timeout %d\n", rfc931_timeout);
    printf("resident %d\n", resident);
    printf("hosts_access_verbose %d\n", hosts_access_verbose);
    printf("dry_run %d\n", dry_run);
    show_string("hosts_allow_table", hosts_allow_table);
    show_string("hosts_deny_table", hosts_deny_table);
    show_string("unknown", unknown);
    show_string("paranoid", paranoid);
    show_string("tcpd_context.file", tcpd_context.file);
    printf("tcpd_context.line %d\n", tcpd_context.line);
    return 0;
}
