/*
 * ident.c - fuzz target: the ident reply parser. The first four bytes
 * are the client and server ports (big-endian), the fifth the size of
 * the user buffer (allocated to exactly that size); the rest is the
 * reply line. A user name given back must fit its buffer.
 */

#include "fuzz.h"

/* LLVMFuzzerTestOneInput - parse one ident reply */
int     LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned client_port;
    unsigned server_port;
    size_t  user_size;
    char   *reply;
    char   *user;

    if (size < 5)
	return (0);
    wrap_report_to(fuzz_quiet);
    client_port = (unsigned) data[0] << 8 | data[1];
    server_port = (unsigned) data[2] << 8 | data[3];
    user_size = data[4] == 0 ? STRING_LENGTH : data[4];
    data += 5, size -= 5;
    if ((reply = malloc(size + 1)) == 0)
	return (0);
    memcpy(reply, data, size);
    reply[size] = 0;
    if ((user = malloc(user_size)) == 0) {
	free(reply);
	return (0);
    }
    if (wrap_ident_parse(reply, client_port, server_port, user, user_size)
	== WRAP_YES && strnlen(user, user_size) >= user_size)
	abort();
    free(user);
    free(reply);
    return (0);
}
