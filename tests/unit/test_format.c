// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests of the Go-template subset and the tab alignment (lib/format.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cleanup.h"
#include "format.h"

static const char data_text[] =
	"{\"Id\": \"abc\", \"Name\": \"/web\", \"Count\": 3, \"Ratio\": 1.5, \"On\": true,"
	" \"Nothing\": null, \"Env\": [\"A=1\", \"B=2\"],"
	" \"State\": {\"Status\": \"running\", \"Pid\": 42, \"Running\": true}}";

static json_t *data(void)
{
	json_t *d = json_loads(data_text, 0, NULL);

	assert_non_null(d);
	return d;
}

/* Render tmpl against the test data and compare with want. */
static void check(const char *tmpl, const char *want)
{
	json_auto_t *d = data();
	struct sixd_error *err = NULL;
	_cleanup_free_ char *out = sixd_format_render(tmpl, d, &err);

	if (out == NULL)
		fail_msg("'%s' failed: %s", tmpl, err ? err->msg : "?");
	assert_string_equal(out, want);
}

/* Rendering tmpl fails with a message containing want. */
static void check_error(const char *tmpl, const char *want)
{
	json_auto_t *d = data();
	struct sixd_error *err = NULL;
	_cleanup_free_ char *out = sixd_format_render(tmpl, d, &err);

	assert_null(out);
	assert_non_null(err);
	if (strstr(err->msg, want) == NULL)
		fail_msg("'%s': message '%s' lacks '%s'", tmpl, err->msg, want);
	/* the message names the template */
	assert_non_null(strstr(err->msg, tmpl));
	assert_int_equal(err->status, 0);
	sixd_error_free(&err);
}

static void test_literal_and_fields(void **state)
{
	(void)state;
	check("", "");
	check("plain text", "plain text");
	check("{{.Id}}", "abc");
	check("id={{.Id}} name={{.Name}}", "id=abc name=/web");
	check("{{ .Id }}", "abc");
	check("{{\t.State.Status\t}}", "running");
	check("{{.State.Pid}}", "42");
}

static void test_scalars(void **state)
{
	(void)state;
	check("{{.Count}} {{.Ratio}} {{.On}} {{.State.Running}}", "3 1.5 true true");
	check("{{.Missing}}", "<no value>");
	check("{{.Nothing}}", "<no value>");
	check("{{.Missing.Deeper}}", "<no value>");
	check("{{.Nothing.Deeper}}", "<no value>");
	check("{{\"lit\"}}{{`raw\\n`}}", "litraw\\n");
	check("{{\"a\\tb\\\"\"}}", "a\tb\"");
}

static void test_objects_arrays_json(void **state)
{
	(void)state;
	check("{{.Env}}", "[\"A=1\",\"B=2\"]");
	check("{{.State}}", "{\"Status\":\"running\",\"Pid\":42,\"Running\":true}");
	check("{{json .State.Status}}", "\"running\"");
	check("{{json .State}}", "{\"Status\":\"running\",\"Pid\":42,\"Running\":true}");
	check("{{json .Missing}}", "null");
	check("{{json .Count}}", "3");
	check("{{json .}}", "{\"Id\":\"abc\",\"Name\":\"/web\",\"Count\":3,\"Ratio\":1.5,"
			    "\"On\":true,\"Nothing\":null,\"Env\":[\"A=1\",\"B=2\"],"
			    "\"State\":{\"Status\":\"running\",\"Pid\":42,\"Running\":true}}");
}

static void test_functions_and_pipes(void **state)
{
	(void)state;
	check("{{join .Env \",\"}}", "A=1,B=2");
	check("{{upper .State.Status}}", "RUNNING");
	check("{{.Name | upper}}", "/WEB");
	check("{{.Name | upper | lower}}", "/web");
	check("{{.Env | json}}", "[\"A=1\",\"B=2\"]");
	check("{{len .Env}}", "2");
}

static void test_escapes_and_trim(void **state)
{
	(void)state;
	check("{{.Id}}\\t{{.Name}}\\n", "abc\t/web\n");
	check("a\\x", "a\\x");
	check("a  {{- .Id -}}  b", "aabcb");
	check("a {{/* a comment */}}b", "a b");
	check("{{\"}}\"}}", "}}");
}

static void test_parse_errors(void **state)
{
	(void)state;
	check_error("{{.Id", "unclosed action");
	check_error("x {{.Id}} {{", "unclosed action");
	check_error("{{nope .Id}}", "function \"nope\" not defined");
	check_error("{{}}", "missing value for command");
	check_error("{{ }}", "missing value for command");
	check_error("{{json}}", "wrong number of args for json: want 1 got 0");
	check_error("{{json .A .B}}", "wrong number of args for json");
	check_error("{{.A .B}}", "can't give argument to non-function");
	check_error("{{.A | .B}}", "non executable command");
	check_error("{{if .A}}x{{end}}", "'if' is not supported");
	check_error("{{range .Env}}{{.}}{{end}}", "'range' is not supported");
	check_error("{{.A.}}", "bad character");
	check_error("{{..A}}", "bad character");
	check_error("{{\"abc}}", "unclosed action");
	check_error("{{@}}", "unexpected '@'");
	check_error("{{/* open }}", "unclosed comment");
	check_error("{{json upper .A}}", "used as an argument");
}

static void test_exec_errors(void **state)
{
	(void)state;
	check_error("{{.State.Status.Deeper}}", "cannot evaluate field Deeper in type string");
	check_error("{{upper .Count}}", "upper: expected string; got int");
	check_error("{{join .Id \",\"}}", "join: expected a slice");
}

static void test_template_reuse(void **state)
{
	struct sixd_template *t = NULL;
	json_auto_t *a = json_pack("{s:s}", "X", "one");
	json_auto_t *b = json_pack("{s:i}", "X", 2);
	_cleanup_free_ char *ra = NULL, *rb = NULL;

	(void)state;
	assert_int_equal(sixd_template_parse("<{{.X}}>", &t, NULL), 0);
	ra = sixd_template_render(t, a, NULL);
	rb = sixd_template_render(t, b, NULL);
	assert_string_equal(ra, "<one>");
	assert_string_equal(rb, "<2>");
	sixd_template_free(t);
}

static void check_align(const char *in, const char *want)
{
	_cleanup_free_ char *out = sixd_format_align(in, 10, 3);

	assert_non_null(out);
	assert_string_equal(out, want);
}

static void test_align(void **state)
{
	(void)state;
	check_align("", "");
	check_align("no tabs\nat all\n", "no tabs\nat all\n");
	check_align("A\tB\tC\nlonger cell\tb\tlast\n", "A             B         C\n"
						       "longer cell   b         last\n");
	/* an empty column keeps the minimum width; the last cell is not padded */
	check_align("ID\tPORTS\tNAMES\n1\t\tx\n", "ID        PORTS     NAMES\n"
						  "1                   x\n");
	/* "…" counts as one character */
	check_align("\"sh -c 'echo hello w…\"\tb\nx\ty\n", "\"sh -c 'echo hello w…\"   b\n"
							   "x                        y\n");
	assert_int_equal(sixd_format_width("a…b", strlen("a…b")), 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_literal_and_fields),
		cmocka_unit_test(test_scalars),
		cmocka_unit_test(test_objects_arrays_json),
		cmocka_unit_test(test_functions_and_pipes),
		cmocka_unit_test(test_escapes_and_trim),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_exec_errors),
		cmocka_unit_test(test_template_reuse),
		cmocka_unit_test(test_align),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
