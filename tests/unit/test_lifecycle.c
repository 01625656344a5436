// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests for lib/lifecycle.h: signal names. */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "lifecycle.h"

static void test_signal_names(void **state)
{
	(void)state;
	assert_int_equal(sixd_signal_parse("TERM"), SIGTERM);
	assert_int_equal(sixd_signal_parse("SIGTERM"), SIGTERM);
	assert_int_equal(sixd_signal_parse("sigusr1"), SIGUSR1);
	assert_int_equal(sixd_signal_parse("USR2"), SIGUSR2);
	assert_int_equal(sixd_signal_parse("HUP"), SIGHUP);
	assert_int_equal(sixd_signal_parse("KILL"), SIGKILL);
	assert_int_equal(sixd_signal_parse("WINCH"), SIGWINCH);
}

static void test_signal_numbers(void **state)
{
	(void)state;
	assert_int_equal(sixd_signal_parse("9"), 9);
	assert_int_equal(sixd_signal_parse("1"), 1);
	assert_int_equal(sixd_signal_parse("64"), 64);
}

static void test_signal_rejects(void **state)
{
	(void)state;
	assert_int_equal(sixd_signal_parse(NULL), -1);
	assert_int_equal(sixd_signal_parse(""), -1);
	assert_int_equal(sixd_signal_parse("0"), -1);
	assert_int_equal(sixd_signal_parse("65"), -1);
	assert_int_equal(sixd_signal_parse("-9"), -1);
	assert_int_equal(sixd_signal_parse("NOSUCH"), -1);
	assert_int_equal(sixd_signal_parse("SIG"), -1);
	assert_int_equal(sixd_signal_parse("TERM "), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_signal_names),
		cmocka_unit_test(test_signal_numbers),
		cmocka_unit_test(test_signal_rejects),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
