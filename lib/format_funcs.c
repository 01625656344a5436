// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The functions of the --format templates: Go's builtins (eq ne lt le gt ge
 * and or not index len printf) and Docker's (json join upper lower title split).
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "format_internal.h"

int sixd_fmt_error(struct sixd_error **err, const char *source, const char *fmt, ...)
{
	_cleanup_free_ char *msg = NULL;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	return sixd_error_set(err, 0, "template '%s': %s", source, msg ? msg : "invalid");
}

static int no_memory(struct sixd_error **err)
{
	return sixd_error_set(err, ENOMEM, "cannot render template");
}

/* *out = v (a new reference or NULL on ENOMEM); 0 or -1 with *err. */
static int give(json_t *v, json_t **out, struct sixd_error **err)
{
	*out = v;
	return v ? 0 : no_memory(err);
}

const char *sixd_fmt_type_name(const json_t *v)
{
	if (v == NULL || json_is_null(v))
		return "nil";
	if (json_is_string(v))
		return "string";
	if (json_is_integer(v))
		return "int";
	if (json_is_real(v))
		return "float64";
	if (json_is_boolean(v))
		return "bool";
	return json_is_array(v) ? "slice" : "map";
}

bool sixd_fmt_truth(const json_t *v)
{
	if (v == NULL || json_is_null(v) || json_is_false(v))
		return false;
	if (json_is_string(v))
		return json_string_length(v) > 0;
	if (json_is_integer(v))
		return json_integer_value(v) != 0;
	if (json_is_real(v))
		return json_real_value(v) != 0;
	if (json_is_array(v))
		return json_array_size(v) > 0;
	if (json_is_object(v))
		return json_object_size(v) > 0;
	return true;
}

int sixd_fmt_print(FILE *f, const json_t *v)
{
	_cleanup_free_ char *text = NULL;

	if (v == NULL || json_is_null(v))
		return fputs(SIXD_FMT_NO_VALUE, f);
	if (json_is_string(v))
		return (int)fwrite(json_string_value(v), 1, json_string_length(v), f);
	text = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
	return text ? fputs(text, f) : -1;
}

/* ---- strings ---- */

static int fn_json(const char *src, json_t **args, size_t n, json_t **out, struct sixd_error **err)
{
	_cleanup_free_ char *text = NULL;

	(void)n;
	text = json_dumps(args[0] ? args[0] : json_null(), JSON_COMPACT | JSON_ENCODE_ANY);
	if (text == NULL)
		return sixd_fmt_error(err, src, "cannot encode a value as JSON");
	return give(json_string(text), out, err);
}

/* Map each byte of the string args[0] through how (0 lower, 1 upper, 2 title). */
static int change_case(const char *src, const char *name, json_t *arg, int how, json_t **out,
		       struct sixd_error **err)
{
	_cleanup_free_ char *s = NULL;
	bool word_start = true;

	if (!json_is_string(arg))
		return sixd_fmt_error(err, src, "%s: expected string; got %s", name,
				      sixd_fmt_type_name(arg));
	s = strdup(json_string_value(arg));
	if (s == NULL)
		return no_memory(err);
	for (char *p = s; *p; p++) {
		int c = (unsigned char)*p;

		if (how == 0 || how == 1)
			*p = (char)(how ? toupper(c) : tolower(c));
		else if (word_start)
			*p = (char)toupper(c);
		word_start = !(isalnum(c) || c == '_' || c >= 0x80);
	}
	return give(json_string(s), out, err);
}

static int fn_upper(const char *src, json_t **args, size_t n, json_t **out, struct sixd_error **err)
{
	(void)n;
	return change_case(src, "upper", args[0], 1, out, err);
}

static int fn_lower(const char *src, json_t **args, size_t n, json_t **out, struct sixd_error **err)
{
	(void)n;
	return change_case(src, "lower", args[0], 0, out, err);
}

static int fn_title(const char *src, json_t **args, size_t n, json_t **out, struct sixd_error **err)
{
	(void)n;
	return change_case(src, "title", args[0], 2, out, err);
}

static int fn_join(const char *src, json_t **args, size_t n, json_t **out, struct sixd_error **err)
{
	_cleanup_free_ char *buf = NULL;
	size_t len = 0, i;
	json_t *item;
	FILE *f;

	(void)n;
	if (!json_is_array(args[0]) || !json_is_string(args[1]))
		return sixd_fmt_error(err, src, "join: expected a slice and a string; got %s, %s",
				      sixd_fmt_type_name(args[0]), sixd_fmt_type_name(args[1]));
	f = open_memstream(&buf, &len);
	if (f == NULL)
		return sixd_error_set(err, errno, "cannot render template");
	json_array_foreach(args[0], i, item)
	{
		if (i > 0)
			fputs(json_string_value(args[1]), f);
		sixd_fmt_print(f, item);
	}
	fclose(f);
	return give(json_string(buf), out, err);
}

/* Length of the UTF-8 character starting with byte c (1 for a stray byte). */
static size_t utf8_len(unsigned char c)
{
	if (c >= 0xF0)
		return 4;
	if (c >= 0xE0)
		return 3;
	return c >= 0xC0 ? 2 : 1;
}

/* strings.Split: s cut at every sep; an empty sep cuts after each UTF-8 character. */
static int fn_split(const char *src, json_t **args, size_t n, json_t **out, struct sixd_error **err)
{
	json_auto_t *arr = json_array();
	const char *s, *sep, *hit;
	size_t seplen;

	(void)n;
	if (!json_is_string(args[0]) || !json_is_string(args[1]))
		return sixd_fmt_error(err, src, "split: expected two strings; got %s, %s",
				      sixd_fmt_type_name(args[0]), sixd_fmt_type_name(args[1]));
	s = json_string_value(args[0]);
	sep = json_string_value(args[1]);
	seplen = strlen(sep);
	if (arr != NULL && seplen == 0 && *s == '\0')
		return give(json_incref(arr), out, err); /* Go: no character, no element */
	while (arr && *s) {
		size_t cut = seplen ? 0 : strnlen(s, utf8_len((unsigned char)*s));

		hit = seplen ? strstr(s, sep) : s + cut;
		if (hit == NULL || (seplen == 0 && *hit == '\0'))
			break;
		if (json_array_append_new(arr, json_stringn(s, (size_t)(hit - s))) < 0)
			return no_memory(err);
		s = seplen ? hit + seplen : hit;
		if (seplen && *s == '\0')
			break;
	}
	if (arr == NULL || json_array_append_new(arr, json_string(s)) < 0)
		return no_memory(err);
	return give(json_incref(arr), out, err);
}

static int fn_len(const char *src, json_t **args, size_t n, json_t **out, struct sixd_error **err)
{
	json_t *v = args[0];
	size_t len;

	(void)n;
	if (json_is_string(v))
		len = json_string_length(v);
	else if (json_is_array(v))
		len = json_array_size(v);
	else if (json_is_object(v))
		len = json_object_size(v);
	else
		return sixd_fmt_error(err, src, "len of type %s", sixd_fmt_type_name(v));
	return give(json_integer((json_int_t)len), out, err);
}

/* ---- logic and comparison ---- */

static int fn_and(const char *src, json_t **args, size_t n, json_t **out, struct sixd_error **err)
{
	size_t i = 0;

	(void)src;
	(void)err;
	while (i + 1 < n && sixd_fmt_truth(args[i]))
		i++;
	*out = json_incref(args[i]);
	return 0;
}

static int fn_or(const char *src, json_t **args, size_t n, json_t **out, struct sixd_error **err)
{
	size_t i = 0;

	(void)src;
	(void)err;
	while (i + 1 < n && !sixd_fmt_truth(args[i]))
		i++;
	*out = json_incref(args[i]);
	return 0;
}

static int fn_not(const char *src, json_t **args, size_t n, json_t **out, struct sixd_error **err)
{
	(void)src;
	(void)n;
	return give(json_boolean(!sixd_fmt_truth(args[0])), out, err);
}

/* The kind of a comparable value: 0 nil, 1 number, 2 string, 3 bool, 4 other. */
static int basic_kind(const json_t *v)
{
	if (v == NULL || json_is_null(v))
		return 0;
	if (json_is_number(v))
		return 1;
	if (json_is_string(v))
		return 2;
	return json_is_boolean(v) ? 3 : 4;
}

static int sign(double d)
{
	return (d > 0) - (d < 0);
}

/* Compare a and b into *cmp (<0, 0, >0); ordered: lt/le/gt/ge (no nil, bool or other). */
static int compare(const char *src, const char *name, json_t *a, json_t *b, bool ordered, int *cmp,
		   struct sixd_error **err)
{
	int ka = basic_kind(a), kb = basic_kind(b);

	if (ka != kb && ka != 0 && kb != 0)
		return sixd_fmt_error(err, src,
				      "error calling %s: incompatible types for comparison", name);
	if (ordered && (ka == 0 || kb == 0 || ka >= 3))
		return sixd_fmt_error(err, src, "error calling %s: invalid type for comparison",
				      name);
	if (ka != kb)
		*cmp = 1;
	else if (ka == 1 && json_is_integer(a) && json_is_integer(b))
		*cmp = (json_integer_value(a) > json_integer_value(b)) -
		       (json_integer_value(a) < json_integer_value(b));
	else if (ka == 1)
		*cmp = sign(json_number_value(a) - json_number_value(b));
	else if (ka == 2)
		*cmp = strcmp(json_string_value(a), json_string_value(b));
	else
		*cmp = json_equal(a, b) || ka == 0 ? 0 : 1;
	return 0;
}

/* eq a b c...: a equals one of the others. */
static int fn_eq(const char *src, json_t **args, size_t n, json_t **out, struct sixd_error **err)
{
	bool equal = false;

	for (size_t i = 1; i < n && !equal; i++) {
		int cmp = 0;

		if (compare(src, "eq", args[0], args[i], false, &cmp, err) < 0)
			return -1;
		equal = cmp == 0;
	}
	return give(json_boolean(equal), out, err);
}

static int fn_ne(const char *src, json_t **args, size_t n, json_t **out, struct sixd_error **err)
{
	int cmp = 0;

	(void)n;
	if (compare(src, "ne", args[0], args[1], false, &cmp, err) < 0)
		return -1;
	return give(json_boolean(cmp != 0), out, err);
}

/* lt le gt ge: the comparison holds when cmp has one of the signs in want ("<", "<=", ...). */
static int ordered(const char *src, const char *name, json_t **args, json_t **out,
		   struct sixd_error **err)
{
	int cmp = 0;
	bool holds;

	if (compare(src, name, args[0], args[1], true, &cmp, err) < 0)
		return -1;
	if (name[0] == 'l')
		holds = cmp < 0 || (name[1] == 'e' && cmp == 0);
	else
		holds = cmp > 0 || (name[1] == 'e' && cmp == 0);
	return give(json_boolean(holds), out, err);
}

static int fn_lt(const char *src, json_t **args, size_t n, json_t **out, struct sixd_error **err)
{
	(void)n;
	return ordered(src, "lt", args, out, err);
}

static int fn_le(const char *src, json_t **args, size_t n, json_t **out, struct sixd_error **err)
{
	(void)n;
	return ordered(src, "le", args, out, err);
}

static int fn_gt(const char *src, json_t **args, size_t n, json_t **out, struct sixd_error **err)
{
	(void)n;
	return ordered(src, "gt", args, out, err);
}

static int fn_ge(const char *src, json_t **args, size_t n, json_t **out, struct sixd_error **err)
{
	(void)n;
	return ordered(src, "ge", args, out, err);
}

/* index X k1 k2...: X[k1][k2]... (a missing key of a map is no value). */
static int fn_index(const char *src, json_t **args, size_t n, json_t **out, struct sixd_error **err)
{
	json_t *cur = args[0];

	for (size_t i = 1; i < n; i++) {
		json_t *k = args[i];

		if (cur == NULL || json_is_null(cur))
			return sixd_fmt_error(err, src,
					      "error calling index: index of untyped nil");
		if (json_is_object(cur) && json_is_string(k)) {
			cur = json_object_get(cur, json_string_value(k));
		} else if (json_is_array(cur) && json_is_integer(k)) {
			json_int_t at = json_integer_value(k);

			if (at < 0 || (size_t)at >= json_array_size(cur))
				return sixd_fmt_error(
					err, src, "error calling index: index out of range: %lld",
					(long long)at);
			cur = json_array_get(cur, (size_t)at);
		} else {
			return sixd_fmt_error(err, src,
					      "error calling index: cannot index %s with %s",
					      sixd_fmt_type_name(cur), sixd_fmt_type_name(k));
		}
	}
	*out = json_incref(cur);
	return 0;
}

/* ---- printf ---- */

/* One conversion of printf: "%[flags][width][.prec]verb". */
struct conv {
	char flags[8];
	int width, prec;
	char verb;
};

/* Parse the conversion after '%' at *pp; advances *pp past the verb. */
static void parse_conv(const char **pp, struct conv *c)
{
	const char *p = *pp;
	size_t nf = 0;

	memset(c, 0, sizeof(*c));
	c->width = c->prec = -1;
	for (; *p && strchr("-+ #0", *p) && nf + 1 < sizeof(c->flags); p++)
		c->flags[nf++] = *p;
	if (isdigit((unsigned char)*p))
		c->width = (int)strtol(p, (char **)&p, 10);
	if (*p == '.') {
		p++;
		c->prec = isdigit((unsigned char)*p) ? (int)strtol(p, (char **)&p, 10) : 0;
	}
	c->verb = *p;
	*pp = *p ? p + 1 : p;
}

/* Print s under conversion c as with %s (only the '-' flag applies). */
static void put_str(FILE *f, const struct conv *c, const char *s)
{
	bool left = strchr(c->flags, '-') != NULL;

	if (c->prec >= 0)
		fprintf(f, left ? "%-*.*s" : "%*.*s", c->width < 0 ? 0 : c->width, c->prec, s);
	else
		fprintf(f, left ? "%-*s" : "%*s", c->width < 0 ? 0 : c->width, s);
}

/* Print v with a C conversion built from c with the length modifier mod and verb cverb. */
static void put_c(FILE *f, const struct conv *c, const char *mod, char cverb, const json_t *v)
{
	char spec[32];
	int w = c->width < 0 ? 0 : c->width;

	if (c->prec >= 0)
		snprintf(spec, sizeof(spec), "%%%s*.*%s%c", c->flags, mod, cverb);
	else
		snprintf(spec, sizeof(spec), "%%%s*%s%c", c->flags, mod, cverb);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	if (cverb == 'd' || cverb == 'x' || cverb == 'X' || cverb == 'o') {
		long long i = json_integer_value(v);

		if (c->prec >= 0)
			fprintf(f, spec, w, c->prec, i);
		else
			fprintf(f, spec, w, i);
	} else if (c->prec >= 0) {
		fprintf(f, spec, w, c->prec, json_number_value(v));
	} else {
		fprintf(f, spec, w, json_number_value(v));
	}
#pragma GCC diagnostic pop
}

/* Go's marker for a value a verb cannot print: %!d(string=abc). */
static void put_bad(FILE *f, char verb, const json_t *v)
{
	fprintf(f, "%%!%c(%s=", verb, sixd_fmt_type_name(v));
	sixd_fmt_print(f, v);
	fputc(')', f);
}

/* A string of v as %v prints it; NULL on ENOMEM. */
static char *value_text(const json_t *v)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (f == NULL)
		return NULL;
	sixd_fmt_print(f, v);
	fclose(f);
	return buf;
}

/* Print one value v under conversion c. */
static void put_value(FILE *f, const struct conv *c, const json_t *v)
{
	_cleanup_free_ char *text = NULL;

	if ((c->verb == 'v' || (c->verb == 's' && json_is_string(v))) &&
	    (text = value_text(v)) != NULL)
		put_str(f, c, text);
	else if (c->verb == 'q' && json_is_string(v) &&
		 (text = json_dumps(v, JSON_ENCODE_ANY)) != NULL)
		put_str(f, c, text);
	else if (c->verb == 't' && json_is_boolean(v))
		put_str(f, c, json_is_true(v) ? "true" : "false");
	else if (strchr("dxXo", c->verb) && json_is_integer(v))
		put_c(f, c, "ll", c->verb, v);
	else if (strchr("feEgG", c->verb) && json_is_number(v))
		put_c(f, c, "", c->verb, v);
	else
		put_bad(f, c->verb, v);
}

/* printf FORMAT ARGS...: Go's fmt.Sprintf for the verbs v s q d x X o f e g t and %%. */
static int fn_printf(const char *src, json_t **args, size_t n, json_t **out,
		     struct sixd_error **err)
{
	_cleanup_free_ char *buf = NULL;
	size_t len = 0, next = 1;
	const char *p;
	FILE *f;

	if (!json_is_string(args[0]))
		return sixd_fmt_error(err, src, "printf: expected a string format; got %s",
				      sixd_fmt_type_name(args[0]));
	f = open_memstream(&buf, &len);
	if (f == NULL)
		return sixd_error_set(err, errno, "cannot render template");
	for (p = json_string_value(args[0]); *p;) {
		struct conv c;

		if (*p != '%' || p[1] == '%') {
			fputc(*p, f);
			p += *p == '%' ? 2 : 1;
			continue;
		}
		p++;
		parse_conv(&p, &c);
		if (next < n)
			put_value(f, &c, args[next++]);
		else
			fprintf(f, "%%!%c(MISSING)", c.verb ? c.verb : '?');
	}
	for (size_t i = next; i < n; i++) {
		fputs(i == next ? "%!(EXTRA " : ", ", f);
		fprintf(f, "%s=", sixd_fmt_type_name(args[i]));
		sixd_fmt_print(f, args[i]);
		fputs(i + 1 == n ? ")" : "", f);
	}
	fclose(f);
	return give(json_string(buf), out, err);
}

#define VARIADIC SIXD_FMT_VARIADIC

static const struct sixd_fmt_func functions[] = {
	{"json", 1, 1, fn_json},
	{"join", 2, 2, fn_join},
	{"upper", 1, 1, fn_upper},
	{"lower", 1, 1, fn_lower},
	{"title", 1, 1, fn_title},
	{"split", 2, 2, fn_split},
	{"len", 1, 1, fn_len},
	{"and", 1, VARIADIC, fn_and},
	{"or", 1, VARIADIC, fn_or},
	{"not", 1, 1, fn_not},
	{"eq", 2, VARIADIC, fn_eq},
	{"ne", 2, 2, fn_ne},
	{"lt", 2, 2, fn_lt},
	{"le", 2, 2, fn_le},
	{"gt", 2, 2, fn_gt},
	{"ge", 2, 2, fn_ge},
	{"index", 1, VARIADIC, fn_index},
	{"printf", 1, VARIADIC, fn_printf},
};

const struct sixd_fmt_func *sixd_fmt_find_func(const char *name, size_t len)
{
	for (size_t i = 0; i < sizeof(functions) / sizeof(functions[0]); i++)
		if (strlen(functions[i].name) == len && strncmp(functions[i].name, name, len) == 0)
			return &functions[i];
	return NULL;
}
