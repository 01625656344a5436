// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests of the device cgroup (cgroups/cgroup_devices.c): v1 rule syntax,
 * the v2 BPF program's instructions, the program run by a small interpreter
 * over device accesses, and (as root, with a cgroup2 mount) the program
 * attached to a cgroup this test creates and removes.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "cgroup.h"
#include "util.h"

#ifndef CGROUP2_SUPER_MAGIC
#define CGROUP2_SUPER_MAGIC 0x63677270
#endif

static void test_rule_format(void **state)
{
	const struct sixd_device_rule null = {'c', 1, 3, SIXD_DEV_RWM};
	const struct sixd_device_rule mknod = {'b', -1, -1, SIXD_DEV_MKNOD};
	const struct sixd_device_rule pts = {'c', 136, -1, SIXD_DEV_READ | SIXD_DEV_WRITE};
	const struct sixd_device_rule all = {'a', -1, -1, SIXD_DEV_RWM};
	char buf[64];

	(void)state;
	sixd_device_rule_format(&null, buf, sizeof(buf));
	assert_string_equal(buf, "c 1:3 rwm");
	sixd_device_rule_format(&mknod, buf, sizeof(buf));
	assert_string_equal(buf, "b *:* m");
	sixd_device_rule_format(&pts, buf, sizeof(buf));
	assert_string_equal(buf, "c 136:* rw");
	sixd_device_rule_format(&all, buf, sizeof(buf));
	assert_string_equal(buf, "a");
}

static void assert_insn(const struct bpf_insn *p, uint8_t code, uint8_t dst, int16_t off,
			int32_t imm)
{
	assert_int_equal(p->code, code);
	assert_int_equal(p->dst_reg, dst);
	assert_int_equal(p->off, off);
	assert_int_equal(p->imm, imm);
}

static void test_program_instructions(void **state)
{
	const struct sixd_device_rule rules[] = {
		{'c', -1, -1, SIXD_DEV_MKNOD}, /* type, access: 4 instructions */
		{'c', 1, 3, SIXD_DEV_RWM},     /* type, major, minor: 5 */
		{'a', 7, 7, SIXD_DEV_RWM},     /* everything: 2 (numbers ignored) */
	};
	struct bpf_insn *p;
	void *insns;
	size_t n;

	(void)state;
	assert_int_equal(sixd_cgroup_device_program(rules, 3, &insns, &n, NULL), 0);
	p = insns;
	assert_int_equal(n, 6 + 4 + 5 + 2 + 2);
	/* prologue: r2 = type (low 16 bits), r3 = access (high 16), r4 major, r5 minor */
	assert_insn(&p[0], BPF_LDX | BPF_W | BPF_MEM, 2, 0, 0);
	assert_insn(&p[1], BPF_ALU | BPF_AND | BPF_K, 2, 0, 0xffff);
	assert_insn(&p[3], BPF_ALU | BPF_RSH | BPF_K, 3, 0, 16);
	assert_insn(&p[4], BPF_LDX | BPF_W | BPF_MEM, 4, 4, 0);
	assert_insn(&p[5], BPF_LDX | BPF_W | BPF_MEM, 5, 8, 0);
	/* c *:* m: not char -> skip 3; asks for read or write -> skip 2 */
	assert_insn(&p[6], BPF_JMP | BPF_JNE | BPF_K, 2, 3, BPF_DEVCG_DEV_CHAR);
	assert_insn(&p[7], BPF_JMP | BPF_JSET | BPF_K, 3, 2,
		    BPF_DEVCG_ACC_READ | BPF_DEVCG_ACC_WRITE);
	assert_insn(&p[8], BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 1);
	assert_insn(&p[9], BPF_JMP | BPF_EXIT, 0, 0, 0);
	/* c 1:3 rwm */
	assert_insn(&p[10], BPF_JMP | BPF_JNE | BPF_K, 2, 4, BPF_DEVCG_DEV_CHAR);
	assert_insn(&p[11], BPF_JMP | BPF_JNE | BPF_K, 4, 3, 1);
	assert_insn(&p[12], BPF_JMP | BPF_JNE | BPF_K, 5, 2, 3);
	/* a: allow */
	assert_insn(&p[15], BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 1);
	/* the rest is denied */
	assert_insn(&p[17], BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0);
	assert_insn(&p[18], BPF_JMP | BPF_EXIT, 0, 0, 0);
	free(insns);
}

static void test_program_bad_type(void **state)
{
	const struct sixd_device_rule bad = {'x', 1, 1, SIXD_DEV_RWM};
	struct sixd_error *err = NULL;
	void *insns = NULL;
	size_t n;

	(void)state;
	assert_int_equal(sixd_cgroup_device_program(&bad, 1, &insns, &n, &err), -1);
	assert_int_equal(err->status, EINVAL);
	assert_null(insns);
	sixd_error_free(&err);
}

/* Run the program (the subset of eBPF it uses) on one access; its return value. */
static uint64_t run(const struct bpf_insn *p, size_t n, uint32_t type, uint32_t access,
		    uint32_t major, uint32_t minor)
{
	const uint32_t ctx[3] = {(access << 16) | type, major, minor};
	uint64_t r[11] = {0};

	for (size_t pc = 0; pc < n; pc++) {
		const struct bpf_insn *i = &p[pc];
		uint64_t *d = &r[i->dst_reg];
		bool jump = false;

		switch (i->code) {
		case BPF_LDX | BPF_W | BPF_MEM:
			assert_int_equal(i->src_reg, 1);
			*d = ctx[i->off / 4];
			break;
		case BPF_ALU | BPF_AND | BPF_K:
			*d = (uint32_t)(*d & (uint32_t)i->imm);
			break;
		case BPF_ALU | BPF_RSH | BPF_K:
			*d = (uint32_t)*d >> i->imm;
			break;
		case BPF_ALU64 | BPF_MOV | BPF_K:
			*d = (uint64_t)(int64_t)i->imm;
			break;
		case BPF_JMP | BPF_JNE | BPF_K:
			jump = *d != (uint64_t)(int64_t)i->imm;
			break;
		case BPF_JMP | BPF_JSET | BPF_K:
			jump = (*d & (uint64_t)(int64_t)i->imm) != 0;
			break;
		case BPF_JMP | BPF_EXIT:
			return r[0];
		default:
			fail_msg("unexpected instruction 0x%x at %zu", i->code, pc);
		}
		if (jump)
			pc += (size_t)i->off;
	}
	fail_msg("the program ran off its end");
	return 0;
}

static void test_program_default_rules(void **state)
{
	const uint32_t C = BPF_DEVCG_DEV_CHAR, B = BPF_DEVCG_DEV_BLOCK;
	const uint32_t R = BPF_DEVCG_ACC_READ, W = BPF_DEVCG_ACC_WRITE, M = BPF_DEVCG_ACC_MKNOD;
	const struct sixd_device_rule extra = {'c', 10, 237, SIXD_DEV_READ};
	struct sixd_device_rule rules[32];
	size_t n_rules = sixd_cgroup_n_default_devices, n;
	void *insns;

	(void)state;
	memcpy(rules, sixd_cgroup_default_devices, n_rules * sizeof(rules[0]));
	rules[n_rules++] = extra;
	assert_int_equal(sixd_cgroup_device_program(rules, n_rules, &insns, &n, NULL), 0);
	assert_int_equal(run(insns, n, C, R | W, 1, 3), 1);   /* /dev/null */
	assert_int_equal(run(insns, n, C, R, 1, 9), 1);	      /* /dev/urandom */
	assert_int_equal(run(insns, n, C, R | W, 136, 7), 1); /* a pts */
	assert_int_equal(run(insns, n, B, M, 8, 0), 1);	      /* mknod of a disk */
	assert_int_equal(run(insns, n, B, R, 8, 0), 0);	      /* reading it */
	assert_int_equal(run(insns, n, B, W, 8, 0), 0);
	assert_int_equal(run(insns, n, C, R, 1, 1), 0);	   /* /dev/mem */
	assert_int_equal(run(insns, n, C, R, 1, 11), 0);   /* /dev/kmsg */
	assert_int_equal(run(insns, n, C, R, 10, 237), 1); /* the extra rule: read only */
	assert_int_equal(run(insns, n, C, R | W, 10, 237), 0);
	assert_int_equal(run(insns, n, C, M, 10, 237), 1); /* c *:* m */
	free(insns);
}

/* A cgroup2 mount to try the program on: the unified root, or a hybrid host's unified. */
static const char *cgroup2_root(void)
{
	static const char *const roots[] = {"/sys/fs/cgroup", "/sys/fs/cgroup/unified"};
	struct statfs st;

	for (size_t i = 0; i < 2; i++)
		if (statfs(roots[i], &st) == 0 && st.f_type == CGROUP2_SUPER_MAGIC)
			return roots[i];
	return NULL;
}

/* In a child moved into dir: open path for reading; exit status: 0 or the errno. */
static int open_in_cgroup(const char *dir, const char *path)
{
	pid_t pid = fork();
	int status;

	assert_true(pid >= 0);
	if (pid == 0) {
		char procs[512], me[32];
		int fd;

		snprintf(procs, sizeof(procs), "%s/cgroup.procs", dir);
		snprintf(me, sizeof(me), "%d", (int)getpid());
		if (sixd_write_string(procs, me, NULL) < 0)
			_exit(255);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		_exit(fd < 0 ? errno : 0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

static void test_attach(void **state)
{
	const char *root = cgroup2_root();
	char dir[256];
	struct stat st;

	(void)state;
	if (geteuid() != 0 || root == NULL || stat("/dev/loop-control", &st) < 0)
		skip();
	snprintf(dir, sizeof(dir), "%s/sixd-test-devices-%d", root, (int)getpid());
	assert_int_equal(mkdir(dir, 0755), 0);
	assert_int_equal(sixd_cgroup_device_attach(dir, sixd_cgroup_default_devices,
						   sixd_cgroup_n_default_devices, NULL),
			 0);
	assert_int_equal(open_in_cgroup(dir, "/dev/null"), 0);
	assert_int_equal(open_in_cgroup(dir, "/dev/loop-control"), EPERM);
	assert_int_equal(rmdir(dir), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rule_format),
		cmocka_unit_test(test_program_instructions),
		cmocka_unit_test(test_program_bad_type),
		cmocka_unit_test(test_program_default_rules),
		cmocka_unit_test(test_attach),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
