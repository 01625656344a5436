// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The device cgroup: v1's devices.deny/devices.allow, or on v2 a
 * BPF_PROG_TYPE_CGROUP_DEVICE program assembled here and attached to the
 * container's cgroup directory.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cgroup_internal.h"
#include "log.h"
#include "util.h"

const struct sixd_device_rule sixd_cgroup_default_devices[] = {
	{'c', -1, -1, SIXD_DEV_MKNOD}, {'b', -1, -1, SIXD_DEV_MKNOD},
	{'c', 1, 3, SIXD_DEV_RWM},    /* null */
	{'c', 1, 5, SIXD_DEV_RWM},    /* zero */
	{'c', 1, 7, SIXD_DEV_RWM},    /* full */
	{'c', 1, 8, SIXD_DEV_RWM},    /* random */
	{'c', 1, 9, SIXD_DEV_RWM},    /* urandom */
	{'c', 5, 0, SIXD_DEV_RWM},    /* tty */
	{'c', 5, 1, SIXD_DEV_RWM},    /* console */
	{'c', 5, 2, SIXD_DEV_RWM},    /* ptmx */
	{'c', 136, -1, SIXD_DEV_RWM}, /* pts */
};
const size_t sixd_cgroup_n_default_devices =
	sizeof(sixd_cgroup_default_devices) / sizeof(sixd_cgroup_default_devices[0]);

void sixd_device_rule_format(const struct sixd_device_rule *r, char *buf, size_t len)
{
	char major[24] = "*", minor[24] = "*", access[4];
	size_t k = 0;

	if (r->type == 'a') {
		snprintf(buf, len, "a");
		return;
	}
	if (r->major >= 0)
		snprintf(major, sizeof(major), "%lld", (long long)r->major);
	if (r->minor >= 0)
		snprintf(minor, sizeof(minor), "%lld", (long long)r->minor);
	if (r->access & SIXD_DEV_READ)
		access[k++] = 'r';
	if (r->access & SIXD_DEV_WRITE)
		access[k++] = 'w';
	if (r->access & SIXD_DEV_MKNOD)
		access[k++] = 'm';
	access[k] = '\0';
	snprintf(buf, len, "%c %s:%s %s", r->type, major, minor, access);
}

/* The registers of the program: r1 the context, r2..r5 its fields. */
enum { R0, R1, R2, R3, R4, R5 };

static struct bpf_insn insn(uint8_t code, uint8_t dst, uint8_t src, int16_t off, int32_t imm)
{
	return (struct bpf_insn){
		.code = code, .dst_reg = dst, .src_reg = src, .off = off, .imm = imm};
}

/* r2 = type, r3 = access, r4 = major, r5 = minor (struct bpf_cgroup_dev_ctx). */
static size_t emit_prologue(struct bpf_insn *p)
{
	p[0] = insn(BPF_LDX | BPF_W | BPF_MEM, R2, R1, 0, 0);
	p[1] = insn(BPF_ALU | BPF_AND | BPF_K, R2, 0, 0, 0xffff);
	p[2] = insn(BPF_LDX | BPF_W | BPF_MEM, R3, R1, 0, 0);
	p[3] = insn(BPF_ALU | BPF_RSH | BPF_K, R3, 0, 0, 16);
	p[4] = insn(BPF_LDX | BPF_W | BPF_MEM, R4, R1, 4, 0);
	p[5] = insn(BPF_LDX | BPF_W | BPF_MEM, R5, R1, 8, 0);
	return 6;
}

/* A check at p[*n] of a block of len: on a mismatch, jump past the block. */
static void emit_skip(struct bpf_insn *p, size_t *n, size_t len, uint8_t op, uint8_t reg,
		      int32_t imm)
{
	p[*n] = insn(BPF_JMP | op | BPF_K, reg, 0, (int16_t)(len - *n - 1), imm);
	(*n)++;
}

/* One rule: checks that jump past the block on a mismatch, then "return 1". */
static size_t emit_rule(struct bpf_insn *p, const struct sixd_device_rule *r)
{
	bool by_type = r->type != 'a', by_access = (r->access & SIXD_DEV_RWM) != SIXD_DEV_RWM;
	bool by_major = by_type && r->major >= 0, by_minor = by_type && r->minor >= 0;
	size_t n = 0, len = 2 + by_type + by_access + by_major + by_minor;

	if (by_type)
		emit_skip(p, &n, len, BPF_JNE, R2,
			  r->type == 'b' ? BPF_DEVCG_DEV_BLOCK : BPF_DEVCG_DEV_CHAR);
	if (by_access) /* any access asked for beyond the allowed ones */
		emit_skip(p, &n, len, BPF_JSET, R3, (int32_t)(~r->access & SIXD_DEV_RWM));
	if (by_major)
		emit_skip(p, &n, len, BPF_JNE, R4, (int32_t)r->major);
	if (by_minor)
		emit_skip(p, &n, len, BPF_JNE, R5, (int32_t)r->minor);
	p[n++] = insn(BPF_ALU64 | BPF_MOV | BPF_K, R0, 0, 0, 1);
	p[n++] = insn(BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
	return n;
}

int sixd_cgroup_device_program(const struct sixd_device_rule *rules, size_t n_rules, void **insns,
			       size_t *n, struct sixd_error **err)
{
	struct bpf_insn *p;
	size_t k;

	if (n_rules > 4096)
		return sixd_error_set(err, E2BIG, "too many device rules");
	p = calloc(6 + n_rules * 6 + 2, sizeof(*p));
	if (p == NULL)
		return sixd_error_set(err, ENOMEM, "cannot build the device program");
	k = emit_prologue(p);
	for (size_t i = 0; i < n_rules; i++) {
		if (rules[i].type != 'a' && rules[i].type != 'c' && rules[i].type != 'b') {
			free(p);
			return sixd_error_set(err, EINVAL, "invalid device type '%c'",
					      rules[i].type);
		}
		k += emit_rule(p + k, &rules[i]);
	}
	p[k++] = insn(BPF_ALU64 | BPF_MOV | BPF_K, R0, 0, 0, 0);
	p[k++] = insn(BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
	*insns = p;
	*n = k;
	return 0;
}

int sixd_cgroup_device_attach(const char *dir, const struct sixd_device_rule *rules, size_t n_rules,
			      struct sixd_error **err)
{
	_cleanup_close_ int dirfd = -1, prog = -1;
	_cleanup_free_ void *insns = NULL;
	union bpf_attr attr;
	size_t n;

	if (sixd_cgroup_device_program(rules, n_rules, &insns, &n, err) < 0)
		return -1;
	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_CGROUP_DEVICE;
	attr.insns = (uint64_t)(uintptr_t)insns;
	attr.insn_cnt = (uint32_t)n;
	attr.license = (uint64_t)(uintptr_t) "GPL";
	prog = (int)syscall(SYS_bpf, BPF_PROG_LOAD, &attr, sizeof(attr));
	if (prog < 0)
		return sixd_error_set(err, errno, "cannot load the device cgroup program");
	dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dirfd < 0)
		return sixd_error_set(err, errno, "cannot open cgroup '%s'", dir);
	memset(&attr, 0, sizeof(attr));
	attr.target_fd = (uint32_t)dirfd;
	attr.attach_bpf_fd = (uint32_t)prog;
	attr.attach_type = BPF_CGROUP_DEVICE;
	attr.attach_flags = BPF_F_ALLOW_MULTI;
	if (syscall(SYS_bpf, BPF_PROG_ATTACH, &attr, sizeof(attr)) < 0)
		return sixd_error_set(err, errno, "cannot attach the device program to '%s'", dir);
	return 0;
}

static int write_rule(const char *dir, const char *file, const char *value, struct sixd_error **err)
{
	_cleanup_free_ char *path = NULL;

	if (asprintf(&path, "%s/%s", dir, file) < 0)
		return sixd_error_set(err, ENOMEM, "cannot set %s", file);
	if (sixd_write_string(path, value, err) < 0)
		return sixd_error_wrap(err, "cannot set %s to '%s'", file, value);
	return 0;
}

/* Each rule is one write(2) of its own to an fd opened once (the kernel parses a write as a rule).
 */
static int write_rules(const char *dir, const struct sixd_device_rule *rules, size_t n_rules,
		       struct sixd_error **err)
{
	_cleanup_free_ char *path = NULL;
	_cleanup_close_ int fd = -1;

	if (asprintf(&path, "%s/devices.allow", dir) < 0)
		return sixd_error_set(err, ENOMEM, "cannot set devices.allow");
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return sixd_error_set(err, errno, "cannot open '%s'", path);
	for (size_t i = 0; i < n_rules; i++) {
		char value[64];

		sixd_device_rule_format(&rules[i], value, sizeof(value));
		if (write(fd, value, strlen(value)) != (ssize_t)strlen(value))
			return sixd_error_set(err, errno, "cannot set devices.allow to '%s'",
					      value);
	}
	return 0;
}

static int set_devices_v1(struct sixd_cgroup *cg, const struct sixd_device_rule *rules,
			  size_t n_rules, bool all, struct sixd_error **err)
{
	_cleanup_free_ char *dir = NULL;

	if (!sixd_cgroup_uses(cg, "devices")) {
		sixd_log_warn("no devices cgroup controller: device access is not restricted");
		return 0;
	}
	dir = sixd_cgroup_path(cg, "devices", err);
	if (dir == NULL)
		return -1;
	if (all)
		return write_rule(dir, "devices.allow", "a", err);
	if (write_rule(dir, "devices.deny", "a", err) < 0)
		return -1;
	return write_rules(dir, rules, n_rules, err);
}

int sixd_cgroup_set_devices(struct sixd_cgroup *cg, const struct sixd_device_rule *rules,
			    size_t n_rules, bool all, struct sixd_error **err)
{
	_cleanup_free_ char *dir = NULL;

	if (cg->mode == SIXD_CGROUP_V1)
		return set_devices_v1(cg, rules, n_rules, all, err);
	if (all)
		return 0; /* no program: every device */
	dir = sixd_cgroup_path(cg, NULL, err);
	if (dir == NULL)
		return -1;
	return sixd_cgroup_device_attach(dir, rules, n_rules, err);
}
