/* getopt() and getopt_long() for the static binary only (`make static`
 * links this object before musl's libc.a, whose own then stay out: 3 KiB
 * with the multibyte decoding and the messages rawbpf turns off). The glibc
 * build does not link this file.
 *
 * What musl's do, as rawbpf's command line uses them: options may follow
 * operands (each option found is moved, with its argument, before the
 * operands skipped to reach it, so that argv[optind..] are the operands at
 * the end); short options cluster ("-hV"); a long option is its exact name
 * or an unambiguous prefix of one, its argument after '=' or, required, in
 * the next word; "--" ends the options. Errors return '?' (':' for a
 * missing argument when optstring starts with ':'), with optopt set; the
 * messages of opterr are printed to stderr as musl's. Not supported:
 * optstring starting with '-', getopt_long_only, optreset.
 */
#include <getopt.h>
#include <string.h>

char *optarg;
int optind = 1, opterr = 1, optopt;
static int optpos;

int getopt(int argc, char *const argv[], const char *optstring)
{
	const char *word, *hit;
	int c, k;

	if (optind >= argc || !argv[optind])
		return -1;
	word = argv[optind];
	if (!optpos) {
		if (word[0] != '-' || !word[1])
			return -1;
		if (word[1] == '-' && !word[2])
			return optind++, -1;
		optpos = 1;
	}
	c = (unsigned char)word[optpos];
	k = optpos;
	do
		optpos++;
	while ((word[optpos] & 0xc0) == 0x80);  /* a multibyte character is one option */
	k = optpos - k;
	if (!word[optpos]) {
		optind++;
		optpos = 0;
	}
	hit = c != ':' && k == 1 ? strchr(optstring + (optstring[0] == '+'), c) : NULL;
	optopt = c;
	optarg = NULL;
	if (!hit)
		return '?';
	if (hit[1] == ':') {
		if (optpos || hit[2] != ':') {
			if (optind >= argc)
				return optstring[0] == ':' ? ':' : '?';
			optarg = argv[optind++] + optpos;
			optpos = 0;
		}
	}
	return c;
}

/* The long option at argv[optind] ("--NAME[=VALUE]"). */
static int long_option(int argc, char *const argv[], const char *optstring,
		       const struct option *lo, int *idx)
{
	const char *word = argv[optind] + 2, *eq = word + strcspn(word, "=");
	size_t len = (size_t)(eq - word);
	int match = -1, cnt = 0;

	for (int i = 0; lo[i].name; i++) {
		if (strncmp(lo[i].name, word, len))
			continue;
		match = i;
		if (!lo[i].name[len]) {
			cnt = 1;        /* the exact name wins over prefixes */
			break;
		}
		cnt++;
	}
	optind++;
	optopt = 0;
	if (cnt != 1)
		return '?';     /* unknown or ambiguous */
	optarg = NULL;
	if (*eq && !lo[match].has_arg) {
		optopt = lo[match].val;
		return '?';
	}
	if (*eq) {
		optarg = (char *)eq + 1;
	} else if (lo[match].has_arg == required_argument) {
		optopt = lo[match].val;
		if (optind >= argc || !argv[optind])
			return optstring[0] == ':' ? ':' : '?';
		optarg = argv[optind++];
	}
	if (idx)
		*idx = match;
	if (lo[match].flag) {
		*lo[match].flag = lo[match].val;
		return 0;
	}
	return lo[match].val;
}

int getopt_long(int argc, char *const argv[], const char *optstring,
		const struct option *longopts, int *idx)
{
	char **v = (char **)argv;
	int skipped = optind, resumed, ret;

	if (optstring[0] != '+') {
		int i = optind;

		while (i < argc && argv[i] && (argv[i][0] != '-' || !argv[i][1]))
			i++;
		if (i >= argc || !argv[i])
			return -1;
		optind = i;
	}
	resumed = optind;
	if (!optpos && optind < argc && argv[optind] && argv[optind][0] == '-' &&
	    argv[optind][1] == '-' && argv[optind][2])
		ret = long_option(argc, argv, optstring, longopts, idx);
	else
		ret = getopt(argc, argv, optstring);
	/* Move the words just read before the operands skipped. */
	for (int n = optind - resumed; n > 0 && resumed > skipped; n--) {
		char *w = v[optind - 1];

		memmove(v + skipped + 1, v + skipped, (size_t)(optind - 1 - skipped) * sizeof(*v));
		v[skipped] = w;
	}
	if (resumed > skipped)
		optind = skipped + (optind - resumed);
	return ret;
}
