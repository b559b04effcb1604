/*
 * banfile.c - the lines of a ban file, as tcpdban writes them and
 * recognises them: one rule per ban, in the ordinary table language,
 *
 *	DAEMONS: ADDRESS[ : expires YYYYMMDDTHHMMSSZ][ : comment TEXT]
 *
 * so that tcpd, tcpdchk and tcpdmatch read every line as they read any
 * rule. A line is ours when the library's own splitting (split_at at the
 * colons outside brackets, wrap_list_next for lists, wrap_option_next
 * for options) finds a daemon list that tcpdban would accept, exactly one
 * address that matches what its canonical form matches (address.c), and
 * no option but one "expires" with a valid moment and one "comment" that
 * tcpdban could have written. Anything else (a comment line, a
 * continued line, any other option, a list of clients, a NUL byte) is
 * not ours, and tcpdban keeps it byte for byte.
 *
 * Daemon lists: words separated by commas (or blanks, as the tables
 * allow), each ALL or a process name or port number: letters, digits
 * and "._+-", not starting with ".", "-" or "+" and not ending in "."
 * (".ftpd" and "in." would be suffix and prefix patterns), none of the
 * table's reserved words (EXCEPT, KNOWN, UNKNOWN, LOCAL, PARANOID), no
 * "@host", no wildcards. So no daemon list can carry a colon, a newline,
 * a "#" or an EXCEPT into the rule. Written joined by ",", duplicates
 * dropped, ALL alone when named; two lists are the same ban when they
 * hold the same names, case and order ignored (as the matcher ignores
 * them).
 *
 * Comments: white space around them is dropped (the option parser drops
 * it), then every control character, every backslash (one at the end
 * would continue the line) and a leading "=" (the option parser would
 * swallow it) become "?"; colons are written "\:", the option language's
 * escape. So a comment can never end the line, start a new rule or add
 * an option.
 *
 * Batches (tcpdban batch) are lines "add ADDRESS [DURATION]" and "del
 * ADDRESS": the address in any form address.c takes, the duration in
 * expiry.c's form; nothing else on the line.
 */

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "wrap.h"
#include "banfile.h"

static const char *const reserved_words[] = {
    "EXCEPT", "KNOWN", "UNKNOWN", "LOCAL", "PARANOID", 0,
};

/* daemon_char - may the character appear in a daemon name? */
static int daemon_char(int ch)
{
    return (isalnum(ch) || ch == '_' || ch == '.' || ch == '-' || ch == '+');
}

/* daemon_word - why the word is not a daemon name for a ban, or 0 */
static const char *daemon_word(const char *word)
{
    const char *const *reserved;
    const char *cp;

    for (cp = word; *cp; cp++)
	if (!daemon_char((unsigned char) *cp))
	    return ("a daemon name is letters, digits and \"._+-\"");
    if (word[0] == '.' || word[0] == '-' || word[0] == '+'
	|| word[strlen(word) - 1] == '.')
	return ("a daemon name starts with a letter, digit or \"_\" "
		"and does not end in \".\"");
    for (reserved = reserved_words; *reserved; reserved++)
	if (STR_EQ(word, *reserved))
	    return ("a reserved word of the tables is not a daemon name");
    return (0);
}

/* word_listed - is the word among the count words of list (case ignored)? */
static int word_listed(char **list, size_t count, const char *word)
{
    size_t  i;

    for (i = 0; i < count; i++)
	if (STR_EQ(list[i], word))
	    return (1);
    return (0);
}

/* join_words - the words joined by ","; malloc'd, or 0 */
static char *join_words(char **words, size_t count, size_t size)
{
    char   *text;
    char   *out;
    size_t  i;

    if ((text = malloc(size + count + 1)) == 0)
	return (0);
    for (out = text, i = 0; i < count; i++) {
	if (i > 0)
	    *out++ = ',';
	out = stpcpy(out, words[i]);
    }
    *out = 0;
    return (text);
}

/*
 * daemon_list - a daemon list, split in place by the matcher's list
 * splitter, to its written form (malloc'd in *daemons); 0, or -1 with
 * the reason in *why.
 */
static int daemon_list(char *text, char **daemons, const char **why)
{
    char  **words;
    char   *cursor = text;
    char   *word;
    size_t  count = 0;
    size_t  size = 0;
    int     all = 0;

    *why = "out of memory";
    if ((words = malloc((strlen(text) / 2 + 1) * sizeof(*words))) == 0)
	return (-1);
    while ((word = wrap_list_next(&cursor)) != 0) {
	if (STR_EQ(word, "ALL"))
	    all = 1;
	else if ((*why = daemon_word(word)) != 0)
	    break;
	else if (!word_listed(words, count, word))
	    size += strlen(words[count++] = word);
    }
    if (word == 0 && count == 0 && !all)
	*why = "no daemon named";
    else if (word == 0 && (*daemons = all ? strdup("ALL") :
			   join_words(words, count, size)) == 0)
	*why = "out of memory";
    else if (word == 0)
	*why = 0;
    free(words);
    return (*why ? -1 : 0);
}

/*
 * ban_daemons - a daemon list as given on the command line (words
 * separated by commas or spaces) to its written form, malloc'd; 0, or -1
 * with the reason.
 */
int     ban_daemons(const char *text, char **daemons, const char **why)
{
    char   *copy;
    const char *cp;
    int     status;

    for (cp = text; *cp; cp++) {
	if (*cp != ',' && *cp != ' ' && !daemon_char((unsigned char) *cp)) {
	    *why = "a daemon name is letters, digits and \"._+-\", "
		"separated by commas";
	    return (-1);
	}
    }
    if ((copy = strdup(text)) == 0) {
	*why = "out of memory";
	return (-1);
    }
    status = daemon_list(copy, daemons, why);
    free(copy);
    return (status);
}

/* compare_words - qsort order of words, case ignored */
static int compare_words(const void *one, const void *other)
{
    return (strcasecmp(*(char *const *) one, *(char *const *) other));
}

/* sorted_words - the words of a written list, sorted, in place; count */
static size_t sorted_words(char *list, char **words)
{
    char   *cursor = list;
    size_t  count = 0;

    while ((words[count] = wrap_list_next(&cursor)) != 0)
	count++;
    qsort(words, count, sizeof(*words), compare_words);
    return (count);
}

/* ban_same_daemons - do two written lists name the same daemons? */
int     ban_same_daemons(const char *one, const char *other)
{
    char   *a = strdup(one);
    char   *b = strdup(other);
    char  **wa = malloc((strlen(one) / 2 + 2) * sizeof(*wa));
    char  **wb = malloc((strlen(other) / 2 + 2) * sizeof(*wb));
    size_t  na;
    size_t  i;
    int     same = 0;

    if (a && b && wa && wb && (na = sorted_words(a, wa)) == sorted_words(b, wb)) {
	for (same = 1, i = 0; same && i < na; i++)
	    same = STR_EQ(wa[i], wb[i]);
    }
    free(a);
    free(b);
    free(wa);
    free(wb);
    return (same);
}

/*
 * ban_comment - a comment as tcpdban writes it (see the top of this
 * file): malloc'd, or 0 when nothing is left of it.
 */
char   *ban_comment(const char *text)
{
    const char *end = text + strlen(text);
    char   *comment;
    char   *cp;

    while (isspace((unsigned char) *text))
	text++;
    while (end > text && isspace((unsigned char) end[-1]))
	end--;
    if (end == text || (comment = strndup(text, (size_t) (end - text))) == 0)
	return (0);
    for (cp = comment; *cp; cp++)
	if (iscntrl((unsigned char) *cp) || *cp == '\\')
	    *cp = '?';
    if (comment[0] == '=')
	comment[0] = '?';
    return (comment);
}

/* own_comment - is the value a comment that tcpdban could have written? */
static int own_comment(const char *value)
{
    char   *written = ban_comment(value);
    int     same = written != 0 && strcmp(written, value) == 0;

    free(written);
    return (same);
}

/* own_options - only one valid "expires" and one own "comment"; 0 or -1 */
static int own_options(char *options, struct ban *ban)
{
    char   *key;
    char   *value;

    while ((key = wrap_option_next(&options, &value)) != 0) {
	if (value == 0)
	    return (-1);
	if (STR_EQ(key, "expires") && !ban->expires
	    && wrap_parse_expiry(value, &ban->until) == 0) {
	    ban->expires = 1;
	} else if (STR_EQ(key, "comment") && ban->comment == 0 && own_comment(value)) {
	    if ((ban->comment = strdup(value)) == 0)
		return (-1);
	} else {
	    return (-1);
	}
    }
    return (0);
}

/* own_address - the one client word, if it is an address; 0 or -1 */
static int own_address(char *clients, struct ban *ban)
{
    struct wrap_address address;
    char   *cursor = clients;
    char   *word;

    if ((word = wrap_list_next(&cursor)) == 0 || wrap_list_next(&cursor) != 0
	|| wrap_canonical_address(word, &address) < 0
	|| (!address.as_pattern && strcmp(word, address.text) != 0))
	return (-1);
    memcpy(ban->address, address.text, sizeof(ban->address));
    return (0);
}

/* parse_rule - the ban in one line (a writable copy); 0 or -1 */
static int parse_rule(char *line, struct ban *ban)
{
    char   *clients;
    char   *options;
    const char *why;

    if (line[0] == '#' || (clients = split_at(line, ':')) == 0)
	return (-1);
    options = split_at(clients, ':');
    if (own_address(clients, ban) < 0 || daemon_list(line, &ban->daemons, &why) < 0)
	return (-1);
    return (options ? own_options(options, ban) : 0);
}

/*
 * ban_parse_line - the ban in one physical line (len bytes, without its
 * newline): 0 when the line is ours (*ban filled in, to be released with
 * ban_free), -1 when it is not (*ban empty).
 */
int     ban_parse_line(const char *line, size_t len, struct ban *ban)
{
    char   *copy;
    int     status;

    memset(ban, 0, sizeof(*ban));
    if (len == 0 || memchr(line, 0, len) != 0 || memchr(line, '\n', len) != 0
	|| line[len - 1] == '\\' || (copy = strndup(line, len)) == 0)
	return (-1);
    if ((status = parse_rule(copy, ban)) < 0)
	ban_free(ban);
    free(copy);
    return (status);
}

/* escaped_length - the length of a comment with its colons escaped */
static size_t escaped_length(const char *comment)
{
    size_t  len = strlen(comment);
    const char *cp;

    for (cp = comment; (cp = strchr(cp, ':')) != 0; cp++)
	len++;
    return (len);
}

/* ban_format - the line of a ban, newline included; malloc'd, or 0 */
char   *ban_format(const struct ban *ban, size_t *len)
{
    char    when[32];
    size_t  size = strlen(ban->daemons) + strlen(ban->address) + 64;
    const char *cp;
    char   *line;
    char   *out;

    if (ban->expires && wrap_format_expiry(ban->until, when, sizeof(when)) < 0)
	return (0);
    if (ban->comment)
	size += escaped_length(ban->comment);
    if ((line = malloc(size)) == 0)
	return (0);
    out = stpcpy(stpcpy(stpcpy(line, ban->daemons), ": "), ban->address);
    if (ban->expires)
	out = stpcpy(stpcpy(out, " : expires "), when);
    if (ban->comment) {
	out = stpcpy(out, " : comment ");
	for (cp = ban->comment; *cp; cp++) {
	    if (*cp == ':')
		*out++ = '\\';
	    *out++ = *cp;
	}
    }
    *out++ = '\n';
    *out = 0;
    *len = (size_t) (out - line);
    return (line);
}

/* ban_free - release what a ban holds */
void    ban_free(struct ban *ban)
{
    free(ban->daemons);
    free(ban->comment);
    ban->daemons = ban->comment = 0;
}

/* step_words - split the text at blanks into at most max words; how
 * many there are (max + 1: too many) */
static size_t step_words(char *text, char **words, size_t max)
{
    size_t  count = 0;
    char   *save;
    char   *word;

    for (word = strtok_r(text, " \t\r\n", &save); word != 0;
	 word = strtok_r((char *) 0, " \t\r\n", &save)) {
	if (count == max)
	    return (max + 1);
	words[count++] = word;
    }
    return (count);
}

/* step_of - the step that the words say; 0, or -1 (why) */
static int step_of(char **words, size_t count, struct ban_step *step,
		           const char **why)
{
    struct wrap_address address;

    if (count < 2 || count > 3 || (strcmp(words[0], "add") != 0
				   && strcmp(words[0], "del") != 0)) {
	*why = "want \"add ADDRESS [DURATION]\" or \"del ADDRESS\"";
	return (-1);
    }
    step->release = words[0][0] == 'd';
    if (step->release && count == 3) {
	*why = "\"del\" takes an address only";
	return (-1);
    }
    if (count == 3 && wrap_parse_duration(words[2], &step->seconds) < 0) {
	*why = "want a duration of 90s, 30m, 12h, 7d, 2w or seconds "
	    "(at most a century)";
	return (-1);
    }
    if (wrap_canonical_address(words[1], &address) < 0) {
	memcpy(step->address, address.text, sizeof(step->address));
	*why = address.why;
	return (-1);
    }
    memcpy(step->address, address.text, sizeof(step->address));
    return (0);
}

/*
 * ban_parse_step - one line of a batch (len bytes, a newline at its end
 * or not): 1 and the step, 0 for an empty or "#" line, -1 refused (why;
 * a hint in step->address, or "").
 */
int     ban_parse_step(const char *line, size_t len, struct ban_step *step,
		               const char **why)
{
    char   *text;
    char   *words[4];
    size_t  count;
    int     status;

    memset(step, 0, sizeof(*step));
    if (memchr(line, 0, len) != 0) {
	*why = "a NUL byte";
	return (-1);
    }
    if ((text = strndup(line, len)) == 0) {
	*why = "out of memory";
	return (-1);
    }
    count = step_words(text, words, 3);
    if (count == 0 || words[0][0] == '#')
	status = 0;
    else
	status = step_of(words, count, step, why) < 0 ? -1 : 1;
    free(text);
    return (status);
}
