/*
 * batchline.c - fuzz target: the lines of a batch (tcpdban batch,
 * banfile.c). The input is taken as one line and, split at its
 * newlines, as a batch. A step that parses names a canonical address
 * (its own canonical form) and a duration in range, and written back as
 * tcpdban's users write it ("add ADDRESS SECONDS", "del ADDRESS") it
 * parses to the same step; a refusal always says why.
 */

#include "fuzz.h"
#include "../../banfile.h"

/* check_step - one line: a step round-trips, a refusal says why */
static void check_step(const char *line, size_t len)
{
    struct ban_step step;
    struct ban_step back;
    struct wrap_address address;
    const char *why = 0;
    char   *text;
    int     status;

    status = ban_parse_step(line, len, &step, &why);
    if (status < 0 && why == 0)
	abort();
    if (status <= 0)
	return;
    if (wrap_canonical_address(step.address, &address) < 0
	|| strcmp(address.text, step.address) != 0
	|| step.seconds < 0 || step.seconds > 100L * 366 * 24 * 3600
	|| (step.release && step.seconds != 0))
	abort();
    if (step.release ? asprintf(&text, "del %s\n", step.address) < 0
	: step.seconds ? asprintf(&text, "add %s %ld\n", step.address, step.seconds) < 0
	: asprintf(&text, "add %s\n", step.address) < 0)
	abort();
    if (ban_parse_step(text, strlen(text), &back, &why) != 1
	|| back.release != step.release || back.seconds != step.seconds
	|| strcmp(back.address, step.address) != 0)
	abort();
    free(text);
}

/* LLVMFuzzerTestOneInput - the input as a line and as a batch */
int     LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *) data;
    const char *end = text + size;
    const char *nl;

    wrap_report_to(fuzz_quiet);
    check_step(text, size);
    for (; text < end; text = nl + 1) {
	if ((nl = memchr(text, '\n', (size_t) (end - text))) == 0)
	    nl = end;
	check_step(text, (size_t) (nl - text));
    }
    return (0);
}
