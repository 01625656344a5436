// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A Go-template subset for --format (see format.h): a parser into a list of
 * text and action nodes, and a renderer over jansson values.
 */
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "format.h"
#include "util.h"

#define NO_VALUE "<no value>"

struct sixd_template;

/* A function: name, number of arguments, and what it does (args may hold NULL = no value). */
struct func {
	const char *name;
	size_t nargs;
	int (*call)(const struct sixd_template *t, json_t **args, json_t **out,
		    struct sixd_error **err);
};

/* An operand: a string literal, or a field path (no fields: "." itself). */
struct arg {
	char *str;     /* the literal, or NULL for a field path */
	char **fields; /* NULL-terminated */
};

/* One stage of a pipeline: a function with its arguments, or a single operand. */
struct command {
	const struct func *fn;
	struct arg *args;
	size_t n_args;
};

/* Literal text (text != NULL) or an action (a pipeline of commands; none for a comment). */
struct node {
	char *text;
	struct command *cmds;
	size_t n_cmds;
};

struct sixd_template {
	char *source;
	struct node *nodes;
	size_t n_nodes;
};

/* Fill *err with "template 'SOURCE': message"; returns -1. */
static int tmpl_error(struct sixd_error **err, const char *source, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int tmpl_error(struct sixd_error **err, const char *source, const char *fmt, ...)
{
	_cleanup_free_ char *msg = NULL;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	return sixd_error_set(err, 0, "template '%s': %s", source, msg ? msg : "invalid");
}

/* ---- functions ---- */

static const char *type_name(const json_t *v)
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

static int fn_json(const struct sixd_template *t, json_t **args, json_t **out,
		   struct sixd_error **err)
{
	_cleanup_free_ char *text = NULL;

	text = json_dumps(args[0] ? args[0] : json_null(), JSON_COMPACT | JSON_ENCODE_ANY);
	*out = text ? json_string(text) : NULL;
	return *out ? 0 : tmpl_error(err, t->source, "cannot encode a value as JSON");
}

/* upper and lower: ASCII case of a string. */
static int change_case(const struct sixd_template *t, json_t *arg, json_t **out, bool up,
		       struct sixd_error **err)
{
	_cleanup_free_ char *s = NULL;

	if (!json_is_string(arg))
		return tmpl_error(err, t->source, "%s: expected string; got %s",
				  up ? "upper" : "lower", type_name(arg));
	s = strdup(json_string_value(arg));
	if (s == NULL)
		return sixd_error_set(err, ENOMEM, "cannot render template");
	for (char *p = s; *p; p++)
		*p = (char)(up ? toupper((unsigned char)*p) : tolower((unsigned char)*p));
	*out = json_string(s);
	return *out ? 0 : sixd_error_set(err, ENOMEM, "cannot render template");
}

static int fn_upper(const struct sixd_template *t, json_t **args, json_t **out,
		    struct sixd_error **err)
{
	return change_case(t, args[0], out, true, err);
}

static int fn_lower(const struct sixd_template *t, json_t **args, json_t **out,
		    struct sixd_error **err)
{
	return change_case(t, args[0], out, false, err);
}

static int print_value(FILE *f, const json_t *v);

static int fn_join(const struct sixd_template *t, json_t **args, json_t **out,
		   struct sixd_error **err)
{
	_cleanup_free_ char *buf = NULL;
	size_t len = 0, i;
	FILE *f;
	json_t *item;

	if (!json_is_array(args[0]) || !json_is_string(args[1]))
		return tmpl_error(err, t->source, "join: expected a slice and a string; got %s, %s",
				  type_name(args[0]), type_name(args[1]));
	f = open_memstream(&buf, &len);
	if (f == NULL)
		return sixd_error_set(err, errno, "cannot render template");
	json_array_foreach(args[0], i, item)
	{
		if (i > 0)
			fputs(json_string_value(args[1]), f);
		print_value(f, item);
	}
	fclose(f);
	*out = json_string(buf);
	return *out ? 0 : sixd_error_set(err, ENOMEM, "cannot render template");
}

static int fn_len(const struct sixd_template *t, json_t **args, json_t **out,
		  struct sixd_error **err)
{
	json_t *v = args[0];
	size_t n;

	if (json_is_string(v))
		n = json_string_length(v);
	else if (json_is_array(v))
		n = json_array_size(v);
	else if (json_is_object(v))
		n = json_object_size(v);
	else
		return tmpl_error(err, t->source, "len of type %s", type_name(v));
	*out = json_integer((json_int_t)n);
	return *out ? 0 : sixd_error_set(err, ENOMEM, "cannot render template");
}

static const struct func functions[] = {
	{"json", 1, fn_json},	{"join", 2, fn_join}, {"upper", 1, fn_upper},
	{"lower", 1, fn_lower}, {"len", 1, fn_len},
};

static const struct func *find_func(const char *name, size_t len)
{
	for (size_t i = 0; i < sizeof(functions) / sizeof(functions[0]); i++)
		if (strlen(functions[i].name) == len && strncmp(functions[i].name, name, len) == 0)
			return &functions[i];
	return NULL;
}

/* ---- freeing ---- */

static void command_free(struct command *c)
{
	for (size_t i = 0; i < c->n_args; i++) {
		free(c->args[i].str);
		sixd_strvfreep(&c->args[i].fields);
	}
	free(c->args);
}

void sixd_template_free(struct sixd_template *t)
{
	if (t == NULL)
		return;
	for (size_t i = 0; i < t->n_nodes; i++) {
		free(t->nodes[i].text);
		for (size_t j = 0; j < t->nodes[i].n_cmds; j++)
			command_free(&t->nodes[i].cmds[j]);
		free(t->nodes[i].cmds);
	}
	free(t->nodes);
	free(t->source);
	free(t);
}

/* ---- parsing ---- */

/* Append a zeroed node; NULL on ENOMEM. */
static struct node *add_node(struct sixd_template *t)
{
	struct node *grown = realloc(t->nodes, (t->n_nodes + 1) * sizeof(*grown));

	if (grown == NULL)
		return NULL;
	t->nodes = grown;
	memset(&grown[t->n_nodes], 0, sizeof(*grown));
	return &grown[t->n_nodes++];
}

/* Add literal text s[0..len) with \t and \n turned into a tab and a newline. */
static int add_text(struct sixd_template *t, const char *s, size_t len, struct sixd_error **err)
{
	struct node *n;
	char *out;
	size_t o = 0;

	if (len == 0)
		return 0;
	n = add_node(t);
	out = n ? malloc(len + 1) : NULL;
	if (out == NULL)
		return sixd_error_set(err, ENOMEM, "cannot parse template");
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\\' && i + 1 < len && (s[i + 1] == 't' || s[i + 1] == 'n')) {
			out[o++] = s[++i] == 't' ? '\t' : '\n';
			continue;
		}
		out[o++] = s[i];
	}
	out[o] = '\0';
	n->text = out;
	return 0;
}

/* The "}}" closing the action that starts at p, skipping quoted strings; NULL if none. */
static const char *find_close(const char *p)
{
	for (; *p; p++) {
		if (p[0] == '}' && p[1] == '}')
			return p;
		if (*p == '"' || *p == '`') {
			char q = *p;

			for (p++; *p && *p != q; p++)
				if (q == '"' && *p == '\\' && p[1])
					p++;
			if (*p == '\0')
				return NULL;
		}
	}
	return NULL;
}

/* A tokenizer over the inside of one action. */
struct lexer {
	const struct sixd_template *t;
	const char *p, *end;
};

static bool is_ident_start(char c)
{
	return isalpha((unsigned char)c) || c == '_';
}

static bool is_ident(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

static void skip_space(struct lexer *lx)
{
	while (lx->p < lx->end && isspace((unsigned char)*lx->p))
		lx->p++;
}

static int append_arg(struct command *c, struct arg *a, struct sixd_error **err)
{
	struct arg *grown = realloc(c->args, (c->n_args + 1) * sizeof(*grown));

	if (grown == NULL) {
		free(a->str);
		sixd_strvfreep(&a->fields);
		return sixd_error_set(err, ENOMEM, "cannot parse template");
	}
	c->args = grown;
	c->args[c->n_args++] = *a;
	return 0;
}

/* A field path at lx->p ('.'): "." or ".A.B". */
static int lex_field(struct lexer *lx, struct arg *a, struct sixd_error **err)
{
	_cleanup_strv_ char **fields = calloc(1, sizeof(char *));
	const char *start;

	if (fields == NULL)
		return sixd_error_set(err, ENOMEM, "cannot parse template");
	lx->p++;
	while (lx->p < lx->end && !isspace((unsigned char)*lx->p) && *lx->p != '|') {
		_cleanup_free_ char *name = NULL;

		if (!is_ident_start(*lx->p))
			return tmpl_error(err, lx->t->source, "bad character '%c' in a field name",
					  *lx->p);
		for (start = lx->p; lx->p < lx->end && is_ident(*lx->p); lx->p++)
			;
		name = strndup(start, (size_t)(lx->p - start));
		if (name == NULL || sixd_strv_append(&fields, name) < 0)
			return sixd_error_set(err, ENOMEM, "cannot parse template");
		if (lx->p < lx->end && *lx->p == '.' && lx->p + 1 < lx->end)
			lx->p++;
	}
	a->fields = steal_ptr(fields);
	return 0;
}

/* The value of the escape sequence \c in a "..." string, or -1. */
static int unescape(char c)
{
	static const char from[] = "\\\"ntr'", to[] = "\\\"\n\t\r'";
	const char *p = strchr(from, c);

	return c && p ? to[p - from] : -1;
}

/* A string literal at lx->p: "..." with Go's common escapes, or `raw`. */
static int lex_string(struct lexer *lx, struct arg *a, struct sixd_error **err)
{
	char quote = *lx->p++;
	char *out = malloc((size_t)(lx->end - lx->p) + 1);
	size_t o = 0;

	if (out == NULL)
		return sixd_error_set(err, ENOMEM, "cannot parse template");
	for (; lx->p < lx->end && *lx->p != quote; lx->p++) {
		int c = (unsigned char)*lx->p;

		if (quote == '"' && c == '\\' && (c = unescape(*++lx->p)) < 0) {
			free(out);
			return tmpl_error(err, lx->t->source,
					  "unknown escape sequence in a string");
		}
		out[o++] = (char)c;
	}
	out[o] = '\0';
	if (lx->p >= lx->end) {
		free(out);
		return tmpl_error(err, lx->t->source, "unterminated quoted string");
	}
	lx->p++;
	a->str = out;
	return 0;
}

/* A word at lx->p: the function of command c (which has no function and no argument yet). */
static int lex_function(struct lexer *lx, struct command *c, struct sixd_error **err)
{
	static const char *const keywords[] = {"if",	 "else",  "end",   "range",    "with",
					       "define", "block", "break", "continue", "template",
					       "true",	 "false", "nil"};
	const char *start = lx->p;
	size_t len;

	while (lx->p < lx->end && is_ident(*lx->p))
		lx->p++;
	len = (size_t)(lx->p - start);
	c->fn = find_func(start, len);
	if (c->fn && c->n_args == 0)
		return 0;
	for (size_t i = 0; i < sizeof(keywords) / sizeof(keywords[0]); i++)
		if (strlen(keywords[i]) == len && strncmp(keywords[i], start, len) == 0)
			return tmpl_error(err, lx->t->source, "'%s' is not supported", keywords[i]);
	if (c->fn)
		return tmpl_error(err, lx->t->source, "function \"%.*s\" used as an argument",
				  (int)len, start);
	return tmpl_error(err, lx->t->source, "function \"%.*s\" not defined", (int)len, start);
}

/* One token of a command: a function name, a field path or a string. */
static int lex_token(struct lexer *lx, struct command *c, struct sixd_error **err)
{
	struct arg a = {0};
	int r;

	if (is_ident_start(*lx->p))
		return c->fn || c->n_args ? lex_function(lx, &(struct command){.n_args = 1}, err)
					  : lex_function(lx, c, err);
	if (*lx->p == '.')
		r = lex_field(lx, &a, err);
	else if (*lx->p == '"' || *lx->p == '`')
		r = lex_string(lx, &a, err);
	else
		return tmpl_error(err, lx->t->source, "unexpected '%c' in an action", *lx->p);
	if (r < 0)
		return -1;
	if (lx->p < lx->end && !isspace((unsigned char)*lx->p) && *lx->p != '|') {
		free(a.str);
		sixd_strvfreep(&a.fields);
		return tmpl_error(err, lx->t->source, "unexpected '%c' after an operand", *lx->p);
	}
	return append_arg(c, &a, err);
}

/* Check the arguments of stage i of a pipeline. */
static int check_command(const struct sixd_template *t, const struct command *c, size_t i,
			 struct sixd_error **err)
{
	size_t got = c->n_args + (i > 0);

	if (c->fn == NULL && c->n_args == 0)
		return tmpl_error(err, t->source, "missing value for command");
	if (c->fn == NULL && c->n_args > 1)
		return tmpl_error(err, t->source, "can't give argument to non-function");
	if (c->fn == NULL && i > 0)
		return tmpl_error(err, t->source, "non executable command in pipeline stage %zu",
				  i + 1);
	if (c->fn && got != c->fn->nargs)
		return tmpl_error(err, t->source, "wrong number of args for %s: want %zu got %zu",
				  c->fn->name, c->fn->nargs, got);
	return 0;
}

/* Parse the next stage of the pipeline of n, up to '|' or the end. */
static int parse_command(struct lexer *lx, struct node *n, struct sixd_error **err)
{
	struct command *grown = realloc(n->cmds, (n->n_cmds + 1) * sizeof(*grown));
	struct command *c;

	if (grown == NULL)
		return sixd_error_set(err, ENOMEM, "cannot parse template");
	n->cmds = grown;
	c = memset(&grown[n->n_cmds++], 0, sizeof(*grown));
	for (skip_space(lx); lx->p < lx->end && *lx->p != '|'; skip_space(lx))
		if (lex_token(lx, c, err) < 0)
			return -1;
	return check_command(lx->t, c, n->n_cmds - 1, err);
}

/* Parse the inside of an action, [start, end). */
static int parse_action(struct sixd_template *t, const char *start, const char *end,
			struct sixd_error **err)
{
	struct lexer lx = {t, start, end};
	struct node *n;

	skip_space(&lx);
	if (end - lx.p >= 2 && strncmp(lx.p, "/*", 2) == 0) {
		while (end > lx.p && isspace((unsigned char)end[-1]))
			end--;
		if (end - lx.p < 4 || strncmp(end - 2, "*/", 2) != 0)
			return tmpl_error(err, t->source, "unclosed comment");
		return 0;
	}
	n = add_node(t);
	if (n == NULL)
		return sixd_error_set(err, ENOMEM, "cannot parse template");
	for (;;) {
		if (parse_command(&lx, n, err) < 0)
			return -1;
		if (lx.p >= lx.end)
			return 0;
		lx.p++; /* '|' */
	}
}

static bool is_trim_marker(const char *p)
{
	return p[0] == '-' && (p[1] == ' ' || p[1] == '\t' || p[1] == '\n' || p[1] == '\r');
}

/* Parse from p: text up to "{{", then the action; *next gets where to go on, NULL at the end. */
static int parse_step(struct sixd_template *t, const char *p, const char **next,
		      struct sixd_error **err)
{
	const char *open = strstr(p, "{{"), *inner, *close, *text_end;
	bool trim_right;

	*next = NULL;
	if (open == NULL)
		return add_text(t, p, strlen(p), err);
	inner = open + 2;
	close = find_close(inner);
	if (close == NULL)
		return tmpl_error(err, t->source, "unclosed action");
	text_end = open;
	if (is_trim_marker(inner)) {
		while (text_end > p && isspace((unsigned char)text_end[-1]))
			text_end--;
		inner += 2;
	}
	trim_right = close - inner >= 2 && close[-1] == '-' && isspace((unsigned char)close[-2]);
	if (add_text(t, p, (size_t)(text_end - p), err) < 0 ||
	    parse_action(t, inner, trim_right ? close - 1 : close, err) < 0)
		return -1;
	*next = close + 2;
	while (trim_right && isspace((unsigned char)**next))
		(*next)++;
	return 0;
}

int sixd_template_parse(const char *text, struct sixd_template **out, struct sixd_error **err)
{
	struct sixd_template *t = calloc(1, sizeof(*t));
	const char *p = text;

	*out = NULL;
	if (t == NULL || (t->source = strdup(text)) == NULL) {
		free(t);
		return sixd_error_set(err, ENOMEM, "cannot parse template");
	}
	while (p) {
		if (parse_step(t, p, &p, err) < 0) {
			sixd_template_free(t);
			return -1;
		}
	}
	*out = t;
	return 0;
}

/* ---- rendering ---- */

/* Print v as Go would for a scalar; arrays and objects as compact JSON. */
static int print_value(FILE *f, const json_t *v)
{
	_cleanup_free_ char *text = NULL;

	if (v == NULL || json_is_null(v))
		return fputs(NO_VALUE, f);
	if (json_is_string(v))
		return (int)fwrite(json_string_value(v), 1, json_string_length(v), f);
	text = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
	return text ? fputs(text, f) : -1;
}

/* The value of an operand (a new reference, NULL for no value). */
static int eval_arg(const struct sixd_template *t, const struct arg *a, json_t *data, json_t **out,
		    struct sixd_error **err)
{
	json_t *cur = data;

	*out = NULL;
	if (a->str) {
		*out = json_string(a->str);
		return *out ? 0 : sixd_error_set(err, ENOMEM, "cannot render template");
	}
	for (char **f = a->fields; *f && cur; f++) {
		if (json_is_null(cur))
			return 0;
		if (!json_is_object(cur))
			return tmpl_error(err, t->source, "cannot evaluate field %s in type %s", *f,
					  type_name(cur));
		cur = json_object_get(cur, *f);
	}
	*out = json_incref(cur);
	return 0;
}

static void decref_all(json_t **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		json_decref(v[i]);
}

/* Run one stage; piped is the previous stage's value (consumed), or NULL in the first. */
static int eval_command(const struct sixd_template *t, const struct command *c, json_t *data,
			bool has_piped, json_t *piped, json_t **out, struct sixd_error **err)
{
	json_t *args[4] = {0};
	size_t n = 0;
	int r = 0;

	*out = NULL;
	for (; n < c->n_args && r == 0; n++)
		r = eval_arg(t, &c->args[n], data, &args[n], err);
	if (has_piped)
		args[n++] = piped;
	if (r == 0 && c->fn)
		r = c->fn->call(t, args, out, err);
	else if (r == 0)
		*out = json_incref(args[0]);
	decref_all(args, n);
	return r;
}

static int eval_pipeline(const struct sixd_template *t, const struct node *n, json_t *data,
			 json_t **out, struct sixd_error **err)
{
	json_t *value = NULL;

	for (size_t i = 0; i < n->n_cmds; i++) {
		json_t *next;

		if (eval_command(t, &n->cmds[i], data, i > 0, value, &next, err) < 0)
			return -1;
		value = next;
	}
	*out = value;
	return 0;
}

char *sixd_template_render(const struct sixd_template *t, json_t *data, struct sixd_error **err)
{
	_cleanup_fclose_ FILE *f = NULL;
	char *buf = NULL;
	size_t len = 0;

	f = open_memstream(&buf, &len);
	if (f == NULL) {
		sixd_error_set(err, errno, "cannot render template");
		return NULL;
	}
	for (size_t i = 0; i < t->n_nodes; i++) {
		json_t *v = NULL;

		if (t->nodes[i].text) {
			fputs(t->nodes[i].text, f);
			continue;
		}
		if (eval_pipeline(t, &t->nodes[i], data, &v, err) < 0) {
			fclose(steal_ptr(f));
			free(buf);
			return NULL;
		}
		print_value(f, v);
		json_decref(v);
	}
	fclose(steal_ptr(f));
	return buf;
}

char *sixd_format_render(const char *text, json_t *data, struct sixd_error **err)
{
	struct sixd_template *t = NULL;
	char *out;

	if (sixd_template_parse(text, &t, err) < 0)
		return NULL;
	out = sixd_template_render(t, data, err);
	sixd_template_free(t);
	return out;
}

/* ---- tab alignment ---- */

size_t sixd_format_width(const char *s, size_t len)
{
	size_t n = 0;

	for (size_t i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			n++;
	return n;
}

/* Widen widths[] (of *n columns) to the tab-ended cells of line [p, end). */
static int measure_line(const char *p, const char *end, size_t **widths, size_t *n, size_t padding)
{
	size_t col = 0;
	const char *tab;

	while ((tab = memchr(p, '\t', (size_t)(end - p))) != NULL) {
		size_t w = sixd_format_width(p, (size_t)(tab - p)) + padding;

		if (col == *n) {
			size_t *grown = realloc(*widths, (*n + 1) * sizeof(**widths));

			if (grown == NULL)
				return -1;
			*widths = grown;
			grown[(*n)++] = 0;
		}
		if (w > (*widths)[col])
			(*widths)[col] = w;
		col++;
		p = tab + 1;
	}
	return 0;
}

/* Print line [p, end) with its tab-ended cells padded to widths[] (at least min_width). */
static void print_line(FILE *f, const char *p, const char *end, const size_t *widths,
		       size_t min_width)
{
	const char *tab;

	for (size_t col = 0; (tab = memchr(p, '\t', (size_t)(end - p))) != NULL; col++) {
		size_t w = widths[col] < min_width ? min_width : widths[col];
		size_t cell = sixd_format_width(p, (size_t)(tab - p));

		fwrite(p, 1, (size_t)(tab - p), f);
		fprintf(f, "%*s", (int)(w > cell ? w - cell : 0), "");
		p = tab + 1;
	}
	fwrite(p, 1, (size_t)(end - p), f);
}

char *sixd_format_align(const char *text, size_t min_width, size_t padding)
{
	_cleanup_free_ size_t *widths = NULL;
	size_t n = 0, len = 0;
	const char *p, *nl;
	char *buf = NULL;
	FILE *f;

	for (p = text; *p; p = *nl ? nl + 1 : nl) {
		nl = strchrnul(p, '\n');
		if (measure_line(p, nl, &widths, &n, padding) < 0)
			return NULL;
	}
	f = open_memstream(&buf, &len);
	if (f == NULL)
		return NULL;
	for (p = text; *p; p = *nl ? nl + 1 : nl) {
		nl = strchrnul(p, '\n');
		print_line(f, p, nl, widths, min_width);
		if (*nl)
			fputc('\n', f);
	}
	fclose(f);
	return buf;
}
