/*
 * expand.c - fuzz target: % expansion. The first byte chooses the size
 * of the result buffer (allocated to exactly that size, so that ASan sees
 * a byte written past it); the following lines are the format, then the
 * daemon, client address, client name, user, server address and server
 * name of the request. A result must be a string that fits.
 */

#include "fuzz.h"

/* LLVMFuzzerTestOneInput - expand one format for one request */
int     LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const int fields[] = {RQ_DAEMON, RQ_CLIENT_ADDR, RQ_CLIENT_NAME,
	RQ_USER, RQ_SERVER_ADDR, RQ_SERVER_NAME, 0};
    struct request_info request;
    char    format[2 * WRAP_EXPANSION_MAX];
    char    value[2 * STRING_LENGTH];
    char   *result;
    size_t  result_size;
    int     i;

    if (size < 1)
	return (0);
    wrap_report_to(fuzz_quiet);
    result_size = data[0] == 0 ? WRAP_EXPANSION_MAX : data[0];
    data++, size--;
    fuzz_line(&data, &size, format, sizeof(format));
    request_init(&request, RQ_FILE, -1, 0);
    for (i = 0; fields[i] && size > 0; i++) {
	fuzz_line(&data, &size, value, sizeof(value));
	request_set(&request, fields[i], value, 0);
    }
    if ((result = malloc(result_size)) == 0)
	return (0);
    if (wrap_expand(result, result_size, format, &request) == 0
	&& strnlen(result, result_size) >= result_size)
	abort();
    free(result);
    return (0);
}
