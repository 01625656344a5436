// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A Go-template subset for --format (see format.h): a parser into a tree of
 * text, action and control nodes ({{if}} {{range}} {{with}}), and a renderer
 * over jansson values.  The functions live in format_funcs.c.
 */
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "format.h"
#include "format_internal.h"
#include "util.h"

struct pipeline;

/* An operand: a literal, dot, a variable or a parenthesized pipeline, then fields. */
enum arg_kind { ARG_LIT, ARG_DOT, ARG_VAR, ARG_PIPE };

struct arg {
	enum arg_kind kind;
	json_t *lit;	       /* ARG_LIT */
	char *var;	       /* ARG_VAR: "$name" or "$" */
	struct pipeline *pipe; /* ARG_PIPE */
	char **fields;	       /* NULL-terminated, then applied to the value */
};

/* One stage of a pipeline: a function with its arguments, or a single operand. */
struct command {
	const struct sixd_fmt_func *fn;
	struct arg *args;
	size_t n_args;
};

/* [$a[, $b] :=] command | command ... */
struct pipeline {
	char *decl[2];
	size_t n_decl;
	struct command *cmds;
	size_t n_cmds;
};

enum node_kind { NODE_TEXT, NODE_ACTION, NODE_IF, NODE_RANGE, NODE_WITH };

struct list {
	struct node *v;
	size_t n;
};

/* Text, an action, or a control with its body and {{else}} part (alt). */
struct node {
	enum node_kind kind;
	char *text;
	struct pipeline pipe;
	struct list body, alt;
};

struct sixd_template {
	char *source;
	struct list root;
};

/* A control opened and not yet ended while parsing. */
struct open_block {
	struct node *node;
	bool in_else;
	bool chained;  /* an {{else if}}: ended by its parent's {{end}} */
	size_t n_vars; /* variables in scope before it */
};

/* The parser's state: the open controls and the variables in scope. */
struct parser {
	struct sixd_template *t;
	struct open_block *stack;
	size_t depth;
	const char **vars;
	size_t n_vars;
};

static const char *const kind_names[] = {"", "", "if", "range", "with"};

/* ---- freeing ---- */

static void list_free(struct list *l);

static void pipeline_free(struct pipeline *p);

static void arg_free(struct arg *a)
{
	json_decref(a->lit);
	free(a->var);
	sixd_strvfreep(&a->fields);
	if (a->pipe)
		pipeline_free(a->pipe);
	free(a->pipe);
}

static void pipeline_free(struct pipeline *p)
{
	for (size_t i = 0; i < p->n_cmds; i++) {
		for (size_t j = 0; j < p->cmds[i].n_args; j++)
			arg_free(&p->cmds[i].args[j]);
		free(p->cmds[i].args);
	}
	free(p->cmds);
	free(p->decl[0]);
	free(p->decl[1]);
}

static void list_free(struct list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].text);
		pipeline_free(&l->v[i].pipe);
		list_free(&l->v[i].body);
		list_free(&l->v[i].alt);
	}
	free(l->v);
}

void sixd_template_free(struct sixd_template *t)
{
	if (t == NULL)
		return;
	list_free(&t->root);
	free(t->source);
	free(t);
}

static bool list_uses(const struct list *l, const char *name);

static bool pipeline_uses(const struct pipeline *p, const char *name)
{
	for (size_t i = 0; i < p->n_cmds; i++) {
		for (size_t j = 0; j < p->cmds[i].n_args; j++) {
			const struct arg *a = &p->cmds[i].args[j];

			for (char **f = a->fields; f && *f; f++)
				if (strcmp(*f, name) == 0)
					return true;
			if (a->pipe && pipeline_uses(a->pipe, name))
				return true;
		}
	}
	return false;
}

static bool list_uses(const struct list *l, const char *name)
{
	for (size_t i = 0; i < l->n; i++)
		if (pipeline_uses(&l->v[i].pipe, name) || list_uses(&l->v[i].body, name) ||
		    list_uses(&l->v[i].alt, name))
			return true;
	return false;
}

bool sixd_template_uses(const struct sixd_template *t, const char *name)
{
	return list_uses(&t->root, name);
}

/* ---- parsing: the tree ---- */

static int parse_oom(struct sixd_error **err)
{
	return sixd_error_set(err, ENOMEM, "cannot parse template");
}

/* The list new nodes go to: the innermost open control's body or else part. */
static struct list *current_list(struct parser *ps)
{
	struct open_block *b;

	if (ps->depth == 0)
		return &ps->t->root;
	b = &ps->stack[ps->depth - 1];
	return b->in_else ? &b->node->alt : &b->node->body;
}

/* Append a zeroed node of kind to the current list; NULL on ENOMEM. */
static struct node *add_node(struct parser *ps, enum node_kind kind)
{
	struct list *l = current_list(ps);
	struct node *grown = realloc(l->v, (l->n + 1) * sizeof(*grown));

	if (grown == NULL)
		return NULL;
	l->v = grown;
	memset(&grown[l->n], 0, sizeof(*grown));
	grown[l->n].kind = kind;
	return &grown[l->n++];
}

static int push_block(struct parser *ps, struct node *n, bool chained, struct sixd_error **err)
{
	struct open_block *grown = realloc(ps->stack, (ps->depth + 1) * sizeof(*grown));

	if (grown == NULL)
		return parse_oom(err);
	ps->stack = grown;
	grown[ps->depth++] = (struct open_block){n, false, chained, ps->n_vars};
	return 0;
}

/* Bring the declared variables of p into scope. */
static int declare(struct parser *ps, const struct pipeline *p, struct sixd_error **err)
{
	const char **grown = realloc(ps->vars, (ps->n_vars + 2) * sizeof(*grown));

	if (grown == NULL)
		return parse_oom(err);
	ps->vars = grown;
	for (size_t i = 0; i < p->n_decl; i++)
		grown[ps->n_vars++] = p->decl[i];
	return 0;
}

static bool var_defined(const struct parser *ps, const char *name, size_t len)
{
	if (len == 1)
		return true; /* "$" */
	for (size_t i = ps->n_vars; i-- > 0;)
		if (strlen(ps->vars[i]) == len && strncmp(ps->vars[i], name, len) == 0)
			return true;
	return false;
}

/* Add literal text s[0..len) with \t and \n turned into a tab and a newline. */
static int add_text(struct parser *ps, const char *s, size_t len, struct sixd_error **err)
{
	struct node *n;
	char *out;
	size_t o = 0;

	if (len == 0)
		return 0;
	n = add_node(ps, NODE_TEXT);
	out = n ? malloc(len + 1) : NULL;
	if (out == NULL)
		return parse_oom(err);
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

/* ---- parsing: inside an action ---- */

/* A tokenizer over the inside of one action. */
struct lexer {
	struct parser *ps;
	const char *src;
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

/* The identifier at lx->p (advanced past it) and its length in *len. */
static const char *lex_word(struct lexer *lx, size_t *len)
{
	const char *start = lx->p;

	while (lx->p < lx->end && is_ident(*lx->p))
		lx->p++;
	*len = (size_t)(lx->p - start);
	return start;
}

/* Whether the word at lx->p is w (not followed by more identifier); consumes it if so. */
static bool accept_word(struct lexer *lx, const char *w)
{
	size_t len = strlen(w);

	if ((size_t)(lx->end - lx->p) < len || strncmp(lx->p, w, len) != 0 ||
	    (lx->p + len < lx->end && is_ident(lx->p[len])))
		return false;
	lx->p += len;
	return true;
}

static bool at_operand_end(const struct lexer *lx)
{
	return lx->p >= lx->end || isspace((unsigned char)*lx->p) || *lx->p == '|' || *lx->p == ')';
}

/* Field names ".A.B" at lx->p into *out; a lone "." (dot itself) gives none. */
static int lex_fields(struct lexer *lx, char ***out, struct sixd_error **err)
{
	_cleanup_strv_ char **fields = calloc(1, sizeof(char *));

	if (fields == NULL)
		return parse_oom(err);
	lx->p++;
	while (!at_operand_end(lx)) {
		_cleanup_free_ char *name = NULL;
		const char *start = lx->p;

		if (!is_ident_start(*lx->p))
			return sixd_fmt_error(err, lx->src, "bad character '%c' in a field name",
					      *lx->p);
		while (lx->p < lx->end && is_ident(*lx->p))
			lx->p++;
		name = strndup(start, (size_t)(lx->p - start));
		if (name == NULL || sixd_strv_append(&fields, name) < 0)
			return parse_oom(err);
		if (lx->p < lx->end && *lx->p == '.' && lx->p + 1 < lx->end)
			lx->p++;
	}
	*out = steal_ptr(fields);
	return 0;
}

/* A variable "$name" or "$" at lx->p, which must be in scope; *name gets a copy. */
static int lex_var_name(struct lexer *lx, char **name, struct sixd_error **err)
{
	const char *start = lx->p++;
	size_t len;

	lex_word(lx, &len);
	len++;
	if (!var_defined(lx->ps, start, len))
		return sixd_fmt_error(err, lx->src, "undefined variable \"%.*s\"", (int)len, start);
	*name = strndup(start, len);
	return *name ? 0 : parse_oom(err);
}

/* The value of the escape sequence \c in a "..." string, or -1. */
static int unescape(char c)
{
	static const char from[] = "\\\"ntr'", to[] = "\\\"\n\t\r'";
	const char *p = strchr(from, c);

	return c && p ? to[p - from] : -1;
}

/* A string literal at lx->p: "..." with Go's common escapes, or `raw`. */
static int lex_string(struct lexer *lx, json_t **lit, struct sixd_error **err)
{
	char quote = *lx->p++;
	_cleanup_free_ char *out = malloc((size_t)(lx->end - lx->p) + 1);
	size_t o = 0;

	if (out == NULL)
		return parse_oom(err);
	for (; lx->p < lx->end && *lx->p != quote; lx->p++) {
		int c = (unsigned char)*lx->p;

		if (quote == '"' && c == '\\' && (c = unescape(*++lx->p)) < 0)
			return sixd_fmt_error(err, lx->src, "unknown escape sequence in a string");
		out[o++] = (char)c;
	}
	if (lx->p >= lx->end)
		return sixd_fmt_error(err, lx->src, "unterminated quoted string");
	lx->p++;
	*lit = json_stringn(out, o);
	return *lit ? 0 : parse_oom(err);
}

/* A number at lx->p: an integer, or a float when it has '.', 'e' or 'E'. */
static int lex_number(struct lexer *lx, json_t **lit, struct sixd_error **err)
{
	const char *start = lx->p;
	_cleanup_free_ char *text = NULL;
	char *end;

	while (!at_operand_end(lx))
		lx->p++;
	text = strndup(start, (size_t)(lx->p - start));
	if (text == NULL)
		return parse_oom(err);
	errno = 0;
	if (strpbrk(text, ".eE"))
		*lit = json_real(strtod(text, &end));
	else
		*lit = json_integer(strtoll(text, &end, 10));
	if (*end != '\0' || errno != 0) {
		json_decref(*lit);
		*lit = NULL;
		return sixd_fmt_error(err, lx->src, "bad number syntax: %s", text);
	}
	return *lit ? 0 : parse_oom(err);
}

static int parse_pipeline(struct lexer *lx, struct pipeline *p, size_t max_decl, bool nested,
			  struct sixd_error **err);

/* A word as an operand: true, false or nil (a function is not an operand here). */
static int lex_keyword_operand(struct lexer *lx, struct arg *a, bool *done)
{
	*done = true;
	if (accept_word(lx, "true"))
		a->lit = json_true();
	else if (accept_word(lx, "false"))
		a->lit = json_false();
	else if (accept_word(lx, "nil"))
		a->lit = json_null();
	else
		*done = false;
	a->kind = ARG_LIT;
	return 0;
}

/* One operand at lx->p into a. */
static int lex_operand(struct lexer *lx, struct arg *a, struct sixd_error **err)
{
	char c = *lx->p;

	if (c == '.') {
		a->kind = ARG_DOT;
		return lex_fields(lx, &a->fields, err);
	}
	if (c == '$') {
		a->kind = ARG_VAR;
		if (lex_var_name(lx, &a->var, err) < 0)
			return -1;
		return lx->p < lx->end && *lx->p == '.' ? lex_fields(lx, &a->fields, err) : 0;
	}
	a->kind = ARG_LIT;
	if (c == '"' || c == '`')
		return lex_string(lx, &a->lit, err);
	if (isdigit((unsigned char)c) ||
	    ((c == '-' || c == '+') && lx->p + 1 < lx->end && isdigit((unsigned char)lx->p[1])))
		return lex_number(lx, &a->lit, err);
	if (c != '(')
		return sixd_fmt_error(err, lx->src, "unexpected '%c' in an action", c);
	a->kind = ARG_PIPE;
	a->pipe = calloc(1, sizeof(*a->pipe));
	if (a->pipe == NULL)
		return parse_oom(err);
	lx->p++;
	if (parse_pipeline(lx, a->pipe, 0, true, err) < 0)
		return -1;
	return lx->p < lx->end && *lx->p == '.' ? lex_fields(lx, &a->fields, err) : 0;
}

static int append_arg(struct lexer *lx, struct command *c, struct arg *a, struct sixd_error **err)
{
	struct arg *grown;

	if (!at_operand_end(lx)) {
		arg_free(a);
		return sixd_fmt_error(err, lx->src, "unexpected '%c' after an operand", *lx->p);
	}
	grown = realloc(c->args, (c->n_args + 1) * sizeof(*grown));
	if (grown == NULL) {
		arg_free(a);
		return parse_oom(err);
	}
	c->args = grown;
	c->args[c->n_args++] = *a;
	return 0;
}

/* A word at lx->p: the function of command c (which has no function and no argument yet). */
static int lex_function(struct lexer *lx, struct command *c, struct sixd_error **err)
{
	static const char *const controls[] = {"if", "else", "end", "range", "with"};
	static const char *const unsupported[] = {"define",   "block",	  "break",
						  "continue", "template", "return"};
	size_t len;
	const char *start = lex_word(lx, &len);
	const struct sixd_fmt_func *fn = sixd_fmt_find_func(start, len);

	if (fn && c->fn == NULL && c->n_args == 0) {
		c->fn = fn;
		return 0;
	}
	for (size_t i = 0; i < sizeof(controls) / sizeof(controls[0]); i++)
		if (strlen(controls[i]) == len && strncmp(controls[i], start, len) == 0)
			return sixd_fmt_error(err, lx->src, "unexpected '%s' in an action",
					      controls[i]);
	for (size_t i = 0; i < sizeof(unsupported) / sizeof(unsupported[0]); i++)
		if (strlen(unsupported[i]) == len && strncmp(unsupported[i], start, len) == 0)
			return sixd_fmt_error(err, lx->src, "'%s' is not supported",
					      unsupported[i]);
	if (fn)
		return sixd_fmt_error(err, lx->src, "function \"%.*s\" used as an argument",
				      (int)len, start);
	return sixd_fmt_error(err, lx->src, "function \"%.*s\" not defined", (int)len, start);
}

/* One token of command c: a function name or an operand. */
static int lex_token(struct lexer *lx, struct command *c, struct sixd_error **err)
{
	struct arg a = {0};
	bool keyword;

	if (is_ident_start(*lx->p)) {
		lex_keyword_operand(lx, &a, &keyword);
		if (!keyword)
			return lex_function(lx, c, err);
	} else if (lex_operand(lx, &a, err) < 0) {
		arg_free(&a);
		return -1;
	}
	return append_arg(lx, c, &a, err);
}

/* Check the arguments of stage i of a pipeline. */
static int check_command(const char *src, const struct command *c, size_t i,
			 struct sixd_error **err)
{
	size_t got = c->n_args + (i > 0);

	if (c->fn == NULL && c->n_args == 0)
		return sixd_fmt_error(err, src, "missing value for command");
	if (c->fn == NULL && c->n_args > 1)
		return sixd_fmt_error(err, src, "can't give argument to non-function");
	if (c->fn == NULL && i > 0)
		return sixd_fmt_error(err, src, "non executable command in pipeline stage %zu",
				      i + 1);
	if (c->fn && (got < c->fn->min_args || got > c->fn->max_args))
		return sixd_fmt_error(err, src, "wrong number of args for %s: want %s%zu got %zu",
				      c->fn->name,
				      c->fn->max_args == SIXD_FMT_VARIADIC ? "at least " : "",
				      c->fn->min_args, got);
	return 0;
}

/* Parse the next stage of pipeline p, up to '|', ')' or the end. */
static int parse_command(struct lexer *lx, struct pipeline *p, struct sixd_error **err)
{
	struct command *grown = realloc(p->cmds, (p->n_cmds + 1) * sizeof(*grown));
	struct command *c;

	if (grown == NULL)
		return parse_oom(err);
	p->cmds = grown;
	c = memset(&grown[p->n_cmds++], 0, sizeof(*grown));
	for (skip_space(lx); lx->p < lx->end && *lx->p != '|' && *lx->p != ')'; skip_space(lx))
		if (lex_token(lx, c, err) < 0)
			return -1;
	return check_command(lx->src, c, p->n_cmds - 1, err);
}

/* "$a :=" or "$a, $b :=" at lx->p into p->decl (at most max); leaves lx alone if none. */
static int parse_decl(struct lexer *lx, struct pipeline *p, size_t max, struct sixd_error **err)
{
	struct lexer look = *lx;
	const char *names[3];
	size_t lens[3], n = 0;

	for (skip_space(&look); look.p < look.end && *look.p == '$' && n < 3; skip_space(&look)) {
		names[n] = look.p++;
		lex_word(&look, &lens[n]);
		lens[n++]++;
		skip_space(&look);
		if (look.p >= look.end || *look.p != ',')
			break;
		look.p++;
	}
	if (n == 0 || look.end - look.p < 2 || strncmp(look.p, ":=", 2) != 0)
		return 0;
	if (n > max)
		return sixd_fmt_error(err, lx->src, "too many declarations in %s",
				      max == 2 ? "range" : "command");
	for (size_t i = 0; i < n; i++)
		if ((p->decl[i] = strndup(names[i], lens[i])) == NULL)
			return parse_oom(err);
	p->n_decl = n;
	lx->p = look.p + 2;
	return 0;
}

/* A pipeline up to the end of the action, or up to ')' (consumed) when nested. */
static int parse_pipeline(struct lexer *lx, struct pipeline *p, size_t max_decl, bool nested,
			  struct sixd_error **err)
{
	if (!nested && parse_decl(lx, p, max_decl, err) < 0)
		return -1;
	for (;;) {
		if (parse_command(lx, p, err) < 0)
			return -1;
		if (lx->p < lx->end && *lx->p == ')') {
			if (!nested)
				return sixd_fmt_error(err, lx->src, "unexpected right paren");
			lx->p++;
			return 0;
		}
		if (lx->p >= lx->end)
			return nested ? sixd_fmt_error(err, lx->src, "unclosed left paren") : 0;
		lx->p++; /* '|' */
	}
}

/* ---- parsing: control actions ---- */

/* {{if P}}, {{range P}}, {{with P}}: open a control (chained: after {{else}}). */
static int open_control(struct lexer *lx, enum node_kind kind, bool chained,
			struct sixd_error **err)
{
	struct node *n = add_node(lx->ps, kind);

	if (n == NULL)
		return parse_oom(err);
	skip_space(lx);
	if (lx->p >= lx->end)
		return sixd_fmt_error(err, lx->src, "missing value for %s", kind_names[kind]);
	if (parse_pipeline(lx, &n->pipe, kind == NODE_RANGE ? 2 : 1, false, err) < 0 ||
	    push_block(lx->ps, n, chained, err) < 0)
		return -1;
	return declare(lx->ps, &n->pipe, err);
}

/* {{else}}, {{else if P}} (in an if), {{else with P}} (in a with). */
static int parse_else(struct lexer *lx, struct sixd_error **err)
{
	struct parser *ps = lx->ps;
	struct open_block *b = ps->depth ? &ps->stack[ps->depth - 1] : NULL;
	enum node_kind kind;

	if (b == NULL || b->in_else)
		return sixd_fmt_error(err, lx->src, "unexpected {{else}}");
	b->in_else = true;
	skip_space(lx);
	if (lx->p >= lx->end)
		return 0;
	kind = b->node->kind;
	if (!(kind == NODE_IF && accept_word(lx, "if")) &&
	    !(kind == NODE_WITH && accept_word(lx, "with")))
		return sixd_fmt_error(err, lx->src, "unexpected \"%.*s\" in {{else}} of {{%s}}",
				      (int)(lx->end - lx->p), lx->p, kind_names[kind]);
	return open_control(lx, kind, true, err);
}

/* {{end}}: close the innermost control and the {{else if}}s chained to it. */
static int parse_end(struct lexer *lx, struct sixd_error **err)
{
	struct parser *ps = lx->ps;
	bool chained;

	skip_space(lx);
	if (lx->p < lx->end)
		return sixd_fmt_error(err, lx->src, "unexpected \"%.*s\" in {{end}}",
				      (int)(lx->end - lx->p), lx->p);
	if (ps->depth == 0)
		return sixd_fmt_error(err, lx->src, "unexpected {{end}}");
	do {
		struct open_block *b = &ps->stack[--ps->depth];

		chained = b->chained;
		ps->n_vars = b->n_vars;
	} while (chained);
	return 0;
}

/* A plain action: a pipeline to print, or a variable declaration. */
static int parse_plain(struct lexer *lx, struct sixd_error **err)
{
	struct node *n = add_node(lx->ps, NODE_ACTION);

	if (n == NULL)
		return parse_oom(err);
	if (parse_pipeline(lx, &n->pipe, 1, false, err) < 0)
		return -1;
	return declare(lx->ps, &n->pipe, err);
}

/* Parse the inside of an action, [start, end). */
static int parse_action(struct parser *ps, const char *start, const char *end,
			struct sixd_error **err)
{
	struct lexer lx = {ps, ps->t->source, start, end};

	skip_space(&lx);
	if (end - lx.p >= 2 && strncmp(lx.p, "/*", 2) == 0) {
		while (end > lx.p && isspace((unsigned char)end[-1]))
			end--;
		if (end - lx.p < 4 || strncmp(end - 2, "*/", 2) != 0)
			return sixd_fmt_error(err, lx.src, "unclosed comment");
		return 0;
	}
	if (accept_word(&lx, "if"))
		return open_control(&lx, NODE_IF, false, err);
	if (accept_word(&lx, "range"))
		return open_control(&lx, NODE_RANGE, false, err);
	if (accept_word(&lx, "with"))
		return open_control(&lx, NODE_WITH, false, err);
	if (accept_word(&lx, "else"))
		return parse_else(&lx, err);
	if (accept_word(&lx, "end"))
		return parse_end(&lx, err);
	return parse_plain(&lx, err);
}

static bool is_trim_marker(const char *p)
{
	return p[0] == '-' && (p[1] == ' ' || p[1] == '\t' || p[1] == '\n' || p[1] == '\r');
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

/* Parse from p: text up to "{{", then the action; *next gets where to go on, NULL at the end. */
static int parse_step(struct parser *ps, const char *p, const char **next, struct sixd_error **err)
{
	const char *open = strstr(p, "{{"), *inner, *close, *text_end;
	bool trim_right;

	*next = NULL;
	if (open == NULL)
		return add_text(ps, p, strlen(p), err);
	inner = open + 2;
	close = find_close(inner);
	if (close == NULL)
		return sixd_fmt_error(err, ps->t->source, "unclosed action");
	text_end = open;
	if (is_trim_marker(inner)) {
		while (text_end > p && isspace((unsigned char)text_end[-1]))
			text_end--;
		inner += 2;
	}
	trim_right = close - inner >= 2 && close[-1] == '-' && isspace((unsigned char)close[-2]);
	if (add_text(ps, p, (size_t)(text_end - p), err) < 0 ||
	    parse_action(ps, inner, trim_right ? close - 1 : close, err) < 0)
		return -1;
	*next = close + 2;
	while (trim_right && isspace((unsigned char)**next))
		(*next)++;
	return 0;
}

/* Parse all of ps->t->source; an open control at the end is an error. */
static int parse_all(struct parser *ps, struct sixd_error **err)
{
	const char *p = ps->t->source;

	while (p)
		if (parse_step(ps, p, &p, err) < 0)
			return -1;
	if (ps->depth > 0) {
		const struct open_block *b = &ps->stack[ps->depth - 1];

		while (b > ps->stack && b->chained)
			b--;
		return sixd_fmt_error(err, ps->t->source, "unexpected EOF: {{%s}} has no {{end}}",
				      kind_names[b->node->kind]);
	}
	return 0;
}

int sixd_template_parse(const char *text, struct sixd_template **out, struct sixd_error **err)
{
	struct sixd_template *t = calloc(1, sizeof(*t));
	struct parser ps = {.t = t};
	int r;

	*out = NULL;
	if (t == NULL || (t->source = strdup(text)) == NULL) {
		free(t);
		return parse_oom(err);
	}
	r = parse_all(&ps, err);
	free(ps.stack);
	free(ps.vars);
	if (r < 0) {
		sixd_template_free(t);
		return -1;
	}
	*out = t;
	return 0;
}

/* ---- rendering ---- */

struct var {
	const char *name;
	json_t *value; /* a reference held, or NULL */
};

/* The renderer's state: the template, the output and the variables set. */
struct render {
	const struct sixd_template *t;
	FILE *f;
	struct var *vars;
	size_t n_vars;
};

/* Set variable name to value (a new reference is taken). */
static int push_var(struct render *r, const char *name, json_t *value, struct sixd_error **err)
{
	struct var *grown = realloc(r->vars, (r->n_vars + 1) * sizeof(*grown));

	if (grown == NULL)
		return sixd_error_set(err, ENOMEM, "cannot render template");
	r->vars = grown;
	grown[r->n_vars++] = (struct var){name, json_incref(value)};
	return 0;
}

/* Drop the variables set after the first mark. */
static void pop_vars(struct render *r, size_t mark)
{
	while (r->n_vars > mark)
		json_decref(r->vars[--r->n_vars].value);
}

static json_t *var_value(const struct render *r, const char *name)
{
	for (size_t i = r->n_vars; i-- > 0;)
		if (strcmp(r->vars[i].name, name) == 0)
			return r->vars[i].value;
	return NULL;
}

static int eval_pipeline(struct render *r, const struct pipeline *p, json_t *dot, json_t **out,
			 struct sixd_error **err);

/* The value of an operand (a new reference, NULL for no value). */
static int eval_arg(struct render *r, const struct arg *a, json_t *dot, json_t **out,
		    struct sixd_error **err)
{
	json_auto_t *base = NULL;
	json_t *cur;

	*out = NULL;
	if (a->kind == ARG_PIPE && eval_pipeline(r, a->pipe, dot, &base, err) < 0)
		return -1;
	if (a->kind == ARG_LIT)
		cur = a->lit;
	else if (a->kind == ARG_DOT)
		cur = dot;
	else if (a->kind == ARG_VAR)
		cur = var_value(r, a->var);
	else
		cur = base;
	for (char **f = a->fields; f && *f && cur; f++) {
		if (json_is_null(cur))
			return 0;
		if (!json_is_object(cur))
			return sixd_fmt_error(err, r->t->source,
					      "cannot evaluate field %s in type %s", *f,
					      sixd_fmt_type_name(cur));
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

/* Run one stage; piped is the previous stage's value (consumed), unless first. */
static int eval_command(struct render *r, const struct command *c, json_t *dot, bool has_piped,
			json_t *piped, json_t **out, struct sixd_error **err)
{
	_cleanup_free_ json_t **args = calloc(c->n_args + 1, sizeof(*args));
	size_t n = 0;
	int rc = 0;

	*out = NULL;
	if (args == NULL) {
		json_decref(piped);
		return sixd_error_set(err, ENOMEM, "cannot render template");
	}
	for (; n < c->n_args && rc == 0; n++)
		rc = eval_arg(r, &c->args[n], dot, &args[n], err);
	if (has_piped)
		args[n++] = piped;
	if (rc == 0 && c->fn)
		rc = c->fn->call(r->t->source, args, n, out, err);
	else if (rc == 0)
		*out = json_incref(args[0]);
	decref_all(args, n);
	return rc;
}

static int eval_pipeline(struct render *r, const struct pipeline *p, json_t *dot, json_t **out,
			 struct sixd_error **err)
{
	json_t *value = NULL;

	for (size_t i = 0; i < p->n_cmds; i++) {
		json_t *next;

		if (eval_command(r, &p->cmds[i], dot, i > 0, value, &next, err) < 0)
			return -1;
		value = next;
	}
	*out = value;
	return 0;
}

static int render_list(struct render *r, const struct list *l, json_t *dot,
		       struct sixd_error **err);

/* One iteration of a range: set its variables, render the body with dot = value. */
static int range_step(struct render *r, const struct node *n, json_t *key, json_t *value,
		      struct sixd_error **err)
{
	size_t mark = r->n_vars;
	int rc = 0;

	if (n->pipe.n_decl == 2)
		rc = push_var(r, n->pipe.decl[0], key, err);
	if (rc == 0 && n->pipe.n_decl > 0)
		rc = push_var(r, n->pipe.decl[n->pipe.n_decl - 1], value, err);
	if (rc == 0)
		rc = render_list(r, &n->body, value, err);
	pop_vars(r, mark);
	return rc;
}

static int compare_keys(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Range over the values of an object, in the order of their sorted keys. */
static int range_object(struct render *r, const struct node *n, json_t *obj,
			struct sixd_error **err)
{
	_cleanup_free_ const char **keys = calloc(json_object_size(obj) + 1, sizeof(*keys));
	size_t count = 0;
	const char *key;
	json_t *value;

	if (keys == NULL)
		return sixd_error_set(err, ENOMEM, "cannot render template");
	json_object_foreach(obj, key, value) keys[count++] = key;
	qsort(keys, count, sizeof(*keys), compare_keys);
	for (size_t i = 0; i < count; i++) {
		json_auto_t *k = json_string(keys[i]);

		if (k == NULL)
			return sixd_error_set(err, ENOMEM, "cannot render template");
		if (range_step(r, n, k, json_object_get(obj, keys[i]), err) < 0)
			return -1;
	}
	return 0;
}

/* {{range}} over an array, an object (sorted by key) or a count; nil is empty. */
static int render_range(struct render *r, const struct node *n, json_t *v, json_t *dot,
			struct sixd_error **err)
{
	size_t i;
	json_t *item;

	if (json_is_array(v)) {
		json_array_foreach(v, i, item)
		{
			json_auto_t *k = json_integer((json_int_t)i);

			if (k == NULL || range_step(r, n, k, item, err) < 0)
				return k ? -1
					 : sixd_error_set(err, ENOMEM, "cannot render template");
		}
	} else if (json_is_object(v)) {
		if (range_object(r, n, v, err) < 0)
			return -1;
	} else if (json_is_integer(v)) {
		for (json_int_t k = 0; k < json_integer_value(v); k++) {
			json_auto_t *kv = json_integer(k);

			if (kv == NULL || range_step(r, n, kv, kv, err) < 0)
				return kv ? -1
					  : sixd_error_set(err, ENOMEM, "cannot render template");
		}
	} else if (v != NULL && !json_is_null(v)) {
		return sixd_fmt_error(err, r->t->source, "range can't iterate over type %s",
				      sixd_fmt_type_name(v));
	}
	return sixd_fmt_truth(v) ? 0 : render_list(r, &n->alt, dot, err);
}

/* {{if}} / {{with}}: the body when v is true (with dot = v for with), else the else part. */
static int render_cond(struct render *r, const struct node *n, json_t *v, json_t *dot,
		       struct sixd_error **err)
{
	size_t mark = r->n_vars;
	int rc = 0;

	if (n->pipe.n_decl == 1)
		rc = push_var(r, n->pipe.decl[0], v, err);
	if (rc == 0 && sixd_fmt_truth(v))
		rc = render_list(r, &n->body, n->kind == NODE_WITH ? v : dot, err);
	else if (rc == 0)
		rc = render_list(r, &n->alt, dot, err);
	pop_vars(r, mark);
	return rc;
}

static int render_node(struct render *r, const struct node *n, json_t *dot, struct sixd_error **err)
{
	json_auto_t *v = NULL;

	if (n->kind == NODE_TEXT)
		return fputs(n->text, r->f) < 0
			       ? sixd_error_set(err, errno, "cannot render template")
			       : 0;
	if (eval_pipeline(r, &n->pipe, dot, &v, err) < 0)
		return -1;
	if (n->kind == NODE_RANGE)
		return render_range(r, n, v, dot, err);
	if (n->kind == NODE_IF || n->kind == NODE_WITH)
		return render_cond(r, n, v, dot, err);
	if (n->pipe.n_decl == 1)
		return push_var(r, n->pipe.decl[0], v, err); /* in scope to the end of the list */
	sixd_fmt_print(r->f, v);
	return 0;
}

static int render_list(struct render *r, const struct list *l, json_t *dot, struct sixd_error **err)
{
	size_t mark = r->n_vars;
	int rc = 0;

	for (size_t i = 0; i < l->n && rc == 0; i++)
		rc = render_node(r, &l->v[i], dot, err);
	pop_vars(r, mark);
	return rc;
}

char *sixd_template_render(const struct sixd_template *t, json_t *data, struct sixd_error **err)
{
	struct render r = {.t = t};
	char *buf = NULL;
	size_t len = 0;
	int rc;

	r.f = open_memstream(&buf, &len);
	if (r.f == NULL) {
		sixd_error_set(err, errno, "cannot render template");
		return NULL;
	}
	rc = push_var(&r, "$", data, err);
	if (rc == 0)
		rc = render_list(&r, &t->root, data, err);
	pop_vars(&r, 0);
	free(r.vars);
	fclose(r.f);
	if (rc < 0) {
		free(buf);
		return NULL;
	}
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

char *sixd_format_pick(const char *format, const char *default_table, bool *table)
{
	const char *f = format;
	size_t len;

	*table = false;
	if (f == NULL || *f == '\0' || strcmp(f, "table") == 0)
		f = default_table;
	else if (strcmp(f, "json") == 0)
		return strdup("{{json .}}");
	if (strncmp(f, "table", 5) == 0) {
		*table = true;
		f += 5;
	}
	f += strspn(f, " ");
	for (len = strlen(f); len > 0 && f[len - 1] == ' '; len--)
		;
	return strndup(f, len);
}

int sixd_format_line(FILE *f, const struct sixd_template *t, json_t *data, const char *what,
		     struct sixd_error **err)
{
	_cleanup_free_ char *line = NULL;

	if (data == NULL)
		return sixd_error_set(err, ENOMEM, "cannot %s", what);
	line = sixd_template_render(t, data, err);
	if (line == NULL)
		return -1;
	fprintf(f, "%s\n", line);
	return 0;
}
