/*
 * options.c - fuzz target: the options language. The input is one
 * option text as it follows the client list of a rule; process_options()
 * runs it in dry run (nothing is executed, no identity changes) for a
 * request with a known user and no socket, under setjmp(tcpd_buf) as
 * hosts_access() does.
 */

#include <setjmp.h>
#include <sys/stat.h>

#include "fuzz.h"

/* LLVMFuzzerTestOneInput - one option text, in dry run */
int     LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct request_info request;
    char   *text;

    wrap_report_to(fuzz_quiet);
    if ((text = malloc(size + 2)) == 0)
	return (0);
    memcpy(text, data, size);
    memcpy(text + size, "\n", 2);		/* as the table parser leaves it */
    request_init(&request, RQ_FILE, -1, RQ_DAEMON, "in.fuzzd",
		 RQ_CLIENT_ADDR, "192.0.2.1", RQ_CLIENT_NAME, "host.example",
		 RQ_USER, "someone", 0);
    dry_run = 1;
    if (setjmp(tcpd_buf) == 0)
	process_options(text, &request);
    free(text);
    dry_run = 0;
    (void) umask(022);
    (void) clearenv();				/* setenv options pile up */
    return (0);
}
