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
	check_error("{{define \"x\"}}x{{end}}", "'define' is not supported");
	check_error("{{template \"x\"}}", "'template' is not supported");
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

/* A second document for the control actions. */
static const char ctl_text[] =
	"{\"State\": \"running\", \"Zero\": 0, \"Half\": 0.5, \"Empty\": [], \"NoKeys\": {},"
	" \"Blank\": \"\", \"Off\": false, \"Nothing\": null, \"Count\": 3,"
	" \"Mounts\": [{\"Destination\": \"/data\", \"RW\": true},"
	" {\"Destination\": \"/ro\", \"RW\": false}],"
	" \"Labels\": {\"zeta\": \"z\", \"alpha\": \"a\", \"mid\": \"m\"},"
	" \"Grid\": [[1, 2], [3]], \"Names\": [\"web\", \"db\"],"
	" \"Config\": {\"Image\": \"busybox\", \"Env\": [\"A=1\"]}}";

static void check_ctl(const char *tmpl, const char *want)
{
	json_auto_t *d = json_loads(ctl_text, 0, NULL);
	struct sixd_error *err = NULL;
	_cleanup_free_ char *out = NULL;

	assert_non_null(d);
	out = sixd_format_render(tmpl, d, &err);
	if (out == NULL)
		fail_msg("'%s' failed: %s", tmpl, err ? err->msg : "?");
	if (strcmp(out, want) != 0)
		fail_msg("'%s' gave '%s', want '%s'", tmpl, out, want);
}

static void check_ctl_error(const char *tmpl, const char *want)
{
	json_auto_t *d = json_loads(ctl_text, 0, NULL);
	struct sixd_error *err = NULL;
	_cleanup_free_ char *out = sixd_format_render(tmpl, d, &err);

	if (out != NULL)
		fail_msg("'%s' rendered '%s', want an error '%s'", tmpl, out, want);
	assert_non_null(err);
	if (strstr(err->msg, want) == NULL)
		fail_msg("'%s': message '%s' lacks '%s'", tmpl, err->msg, want);
	assert_non_null(strstr(err->msg, tmpl));
	sixd_error_free(&err);
}

static void test_if(void **state)
{
	(void)state;
	check_ctl("{{if .State}}yes{{end}}", "yes");
	check_ctl("{{if .Missing}}yes{{end}}", "");
	check_ctl("{{if .Off}}yes{{else}}no{{end}}", "no");
	check_ctl("<{{if .Count}}{{.Count}}{{end}}>", "<3>");
	check_ctl("{{if eq .State \"running\"}}up{{else}}down{{end}}", "up");
	check_ctl("{{if eq .State \"exited\"}}up{{else}}down{{end}}", "down");
	check_ctl("{{if eq .State \"exited\"}}e{{else if eq .State \"running\"}}r{{else}}o{{end}}",
		  "r");
	check_ctl("{{if .Off}}1{{else if .Zero}}2{{else if .Blank}}3{{else}}4{{end}}", "4");
	check_ctl("{{if .Off}}1{{else if .Count}}2{{else}}3{{end}}!", "2!");
	/* nested */
	check_ctl("{{if .Count}}a{{if .Off}}b{{else}}c{{if .State}}d{{end}}{{end}}e{{end}}",
		  "acde");
	check_ctl("{{if .State | eq \"running\"}}piped{{end}}", "piped");
}

static void test_truth(void **state)
{
	(void)state;
	/* Go's truth: false, 0, nil, "" and empty arrays and maps are false */
	check_ctl("{{if .Zero}}t{{else}}f{{end}}{{if .Half}}t{{else}}f{{end}}", "ft");
	check_ctl("{{if .Empty}}t{{else}}f{{end}}{{if .Mounts}}t{{else}}f{{end}}", "ft");
	check_ctl("{{if .NoKeys}}t{{else}}f{{end}}{{if .Labels}}t{{else}}f{{end}}", "ft");
	check_ctl("{{if .Blank}}t{{else}}f{{end}}{{if .Nothing}}t{{else}}f{{end}}", "ff");
	check_ctl("{{if true}}t{{end}}{{if false}}x{{end}}{{if nil}}x{{end}}", "t");
	check_ctl("{{if not .Off}}t{{end}}{{if not .State}}x{{end}}", "t");
	check_ctl("{{and .Count .State}} {{and .Zero .State}} {{or .Zero .Blank .State}}",
		  "running 0 running");
	check_ctl("{{or .Zero .Blank}}|{{if and .Count (not .Off)}}both{{end}}", "|both");
}

static void test_range(void **state)
{
	(void)state;
	check_ctl("{{range .Mounts}}{{.Destination}} {{end}}", "/data /ro ");
	check_ctl("{{range .Names}}[{{.}}]{{end}}", "[web][db]");
	check_ctl("{{range .Empty}}x{{else}}none{{end}}", "none");
	check_ctl("{{range .Missing}}x{{else}}none{{end}}", "none");
	check_ctl("{{range .Nothing}}x{{end}}", "");
	/* objects: the values in the order of the sorted keys */
	check_ctl("{{range .Labels}}{{.}}{{end}}", "amz");
	check_ctl("{{range $k, $v := .Labels}}{{$k}}={{$v}};{{end}}", "alpha=a;mid=m;zeta=z;");
	check_ctl("{{range $i, $n := .Names}}{{$i}}:{{$n}} {{end}}", "0:web 1:db ");
	check_ctl("{{range $n := .Names}}{{$n}}{{.}}{{end}}", "webwebdbdb");
	/* $ is the whole document everywhere */
	check_ctl("{{range .Names}}{{.}}@{{$.State}} {{end}}", "web@running db@running ");
	/* nested ranges */
	check_ctl("{{range .Grid}}({{range .}}{{.}}{{end}}){{end}}", "(12)(3)");
	check_ctl("{{range $r := .Grid}}{{range $c := $r}}{{$c}}{{len $r}} {{end}}{{end}}",
		  "12 22 31 ");
	check_ctl("{{range .Mounts}}{{if .RW}}{{.Destination}}{{end}}{{end}}", "/data");
	check_ctl("{{range .Count}}{{.}}{{end}}", "012");
	check_ctl("{{range $i, $m := .Mounts}}{{if $i}},{{end}}{{$m.Destination}}{{end}}",
		  "/data,/ro");
}

static void test_with_and_variables(void **state)
{
	(void)state;
	check_ctl("{{with .Config}}{{.Image}}{{end}}", "busybox");
	check_ctl("{{with .Config.Env}}{{index . 0}}{{end}}", "A=1");
	check_ctl("{{with .Missing}}x{{else}}none{{end}}", "none");
	check_ctl("{{with .Off}}x{{else with .Config}}{{.Image}}{{end}}", "busybox");
	check_ctl("{{with $c := .Config}}{{$c.Image}}/{{.Image}}{{end}}", "busybox/busybox");
	check_ctl("{{$x := .State}}{{$x}}-{{$x | upper}}", "running-RUNNING");
	check_ctl("{{$n := len .Names}}{{if gt $n 1}}many{{end}}", "many");
	check_ctl("{{$.Config.Image}} {{$}}", "busybox {\"State\":\"running\",\"Zero\":0,"
					      "\"Half\":0.5,\"Empty\":[],\"NoKeys\":{},"
					      "\"Blank\":\"\",\"Off\":false,\"Nothing\":null,"
					      "\"Count\":3,\"Mounts\":[{\"Destination\":"
					      "\"/data\",\"RW\":true},{\"Destination\":\"/ro\","
					      "\"RW\":false}],\"Labels\":{\"zeta\":\"z\","
					      "\"alpha\":\"a\",\"mid\":\"m\"},\"Grid\":[[1,2],"
					      "[3]],\"Names\":[\"web\",\"db\"],\"Config\":{"
					      "\"Image\":\"busybox\",\"Env\":[\"A=1\"]}}");
}

static void test_trim_controls(void **state)
{
	(void)state;
	check_ctl("{{range .Names -}}\n  {{.}},\n{{- end}}", "web,db,");
	check_ctl("{{range .Names}}\n  {{.}}{{end}}", "\n  web\n  db");
	check_ctl("{{range .Names}}\n  {{- . -}}\n{{end}}", "webdb");
	check_ctl("a {{- if .Count -}} b {{- else -}} c {{- end -}} d", "abd");
	check_ctl("x\n{{- range .Names }}\n- {{ . }}\n{{- end }}\n", "x\n- web\n- db\n");
}

static void test_comparisons(void **state)
{
	(void)state;
	check_ctl("{{eq .Count 3}} {{eq .Count 4}} {{ne .Count 4}} {{eq .State \"a\" \"running\"}}",
		  "true false true true");
	check_ctl("{{lt .Count 4}} {{le .Count 3}} {{gt .Count 3}} {{ge .Count 3}}",
		  "true true false true");
	check_ctl("{{lt .Half 1}} {{gt .Count 2.5}} {{lt \"abc\" \"abd\"}}", "true true true");
	check_ctl("{{eq .Off false}} {{eq .Nothing nil}} {{eq .Missing .Nothing}}",
		  "true true true");
	check_ctl("{{eq (index .Names 1) \"db\"}} {{ne -1 .Zero}}", "true true");
	check_ctl_error("{{eq .Count \"3\"}}", "incompatible types for comparison");
	check_ctl_error("{{lt .Off true}}", "invalid type for comparison");
	check_ctl_error("{{lt .Nothing 1}}", "invalid type for comparison");
}

static void test_more_functions(void **state)
{
	(void)state;
	check_ctl("{{index .Names 1}} {{index .Labels \"mid\"}} {{index .Grid 0 1}}", "db m 2");
	check_ctl("{{index .Labels \"none\"}}", "<no value>");
	check_ctl("{{printf \"%s-%d\" .State .Count}}", "running-3");
	check_ctl("{{printf \"%v|%q|%5d|%-5s|%.2f|%%\" .Mounts .State .Count .State .Half}}",
		  "[{\"Destination\":\"/data\",\"RW\":true},{\"Destination\":\"/ro\",\"RW\":false}]"
		  "|\"running\"|    3|running|0.50|%");
	check_ctl("{{.Count | printf \"n=%03d\"}} {{printf \"%x\" 255}}", "n=003 ff");
	check_ctl("{{printf \"%d\" .State}} {{printf \"%s %s\" .State}}",
		  "%!d(string=running) running %!s(MISSING)");
	check_ctl("{{printf \"%s\" .State 7}}", "running%!(EXTRA int=7)");
	check_ctl("{{title \"hello big-world\"}} {{.State | title}}", "Hello Big-World Running");
	/* Go's strings.Title: any ASCII but letters, digits and '_' starts a word */
	check_ctl("{{title \"don't snake_case x.y\"}}", "Don'T Snake_case X.Y");
	check_ctl("{{split \"a:b::c\" \":\"}} {{len (split .State \"n\")}}",
		  "[\"a\",\"b\",\"\",\"c\"] 4");
	check_ctl("{{join (split \"a,b\" \",\") \"+\"}} {{split \"\" \",\"}}", "a+b [\"\"]");
	check_ctl("{{split \"añb\" \"\"}} {{split \"\" \"\"}}", "[\"a\",\"ñ\",\"b\"] []");
	check_ctl("{{(index .Mounts 1).Destination}} {{len .Labels}}", "/ro 3");
	check_ctl("{{upper (printf \"%s!\" .State)}}", "RUNNING!");
	check_ctl_error("{{index .Names 5}}", "index out of range: 5");
	check_ctl_error("{{index .Names \"a\"}}", "cannot index slice with string");
	check_ctl_error("{{index .Nothing 0}}", "index of untyped nil");
	check_ctl_error("{{printf .Count}}", "printf: expected a string format");
	check_ctl_error("{{title .Count}}", "title: expected string; got int");
	check_ctl_error("{{split .State}}", "wrong number of args for split: want 2 got 1");
	check_ctl_error("{{eq .State}}", "want at least 2 got 1");
	check_ctl_error("{{not}}", "want 1 got 0");
}

static void test_control_errors(void **state)
{
	(void)state;
	check_ctl_error("{{if .Count}}x", "{{if}} has no {{end}}");
	check_ctl_error("{{range .Names}}{{if .}}x{{end}}", "{{range}} has no {{end}}");
	check_ctl_error("{{if .A}}x{{else if .B}}y", "{{if}} has no {{end}}");
	check_ctl_error("{{with .A}}x", "{{with}} has no {{end}}");
	check_ctl_error("x{{end}}", "unexpected {{end}}");
	check_ctl_error("{{if .A}}{{end}}{{end}}", "unexpected {{end}}");
	check_ctl_error("{{else}}", "unexpected {{else}}");
	check_ctl_error("{{if .A}}a{{else}}b{{else}}c{{end}}", "unexpected {{else}}");
	check_ctl_error("{{range .A}}a{{else if .B}}b{{end}}", "unexpected \"if .B\" in {{else}}");
	check_ctl_error("{{if .A}}{{end .A}}", "unexpected \".A\" in {{end}}");
	check_ctl_error("{{if}}x{{end}}", "missing value for if");
	check_ctl_error("{{range}}x{{end}}", "missing value for range");
	check_ctl_error("{{$x}}", "undefined variable \"$x\"");
	check_ctl_error("{{range $v := .Names}}{{end}}{{$v}}", "undefined variable \"$v\"");
	check_ctl_error("{{if .A}}{{$y := 1}}{{end}}{{$y}}", "undefined variable \"$y\"");
	check_ctl_error("{{range $a, $b, $c := .Names}}{{end}}", "too many declarations in range");
	check_ctl_error("{{$a, $b := .Names}}", "too many declarations in command");
	check_ctl_error("{{if .A .B}}x{{end}}", "can't give argument to non-function");
	check_ctl_error("{{.State if}}", "unexpected 'if' in an action");
	check_ctl_error("{{(len .Names}}", "unclosed left paren");
	check_ctl_error("{{len .Names)}}", "unexpected right paren");
	check_ctl_error("{{range .State}}x{{end}}", "range can't iterate over type string");
	check_ctl_error("{{eq 1x 2}}", "bad number syntax: 1x");
	check_ctl_error("{{range .Mounts}}{{.Destination.X}}{{end}}",
			"cannot evaluate field X in type string");
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
		cmocka_unit_test(test_if),
		cmocka_unit_test(test_truth),
		cmocka_unit_test(test_range),
		cmocka_unit_test(test_with_and_variables),
		cmocka_unit_test(test_trim_controls),
		cmocka_unit_test(test_comparisons),
		cmocka_unit_test(test_more_functions),
		cmocka_unit_test(test_control_errors),
		cmocka_unit_test(test_template_reuse),
		cmocka_unit_test(test_align),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
