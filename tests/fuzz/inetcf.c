/*
 * inetcf.c - fuzz target: the inetd.conf reader of tcpdmatch and tcpdchk.
 * The input is written to a file that inet_cfg() reads. inetcf.c is
 * included, not linked, so that the list of services it remembers can be
 * emptied after each input (it lives for a whole program run otherwise).
 */

#include "../../inetcf.c"
#include "fuzz.h"

/* LLVMFuzzerTestOneInput - read one inetd.conf */
int     LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct inet_ent *ip;

    wrap_report_to(fuzz_quiet);
    fuzz_write(fuzz_path("inetd.conf"), data, size);
    (void) inet_cfg(fuzz_path("inetd.conf"));
    (void) inet_get("telnet");
    (void) inet_near("telnt");
    while ((ip = inet_list) != 0) {
	inet_list = ip->next;
	free(ip);
    }
    return (0);
}
