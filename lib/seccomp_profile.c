// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A Docker-format seccomp profile (JSON) compiled with libseccomp for a
 * capability set (see seccomp.h for the rules).
 */
#include <errno.h>
#include <jansson.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "cleanup.h"
#include "seccomp_filter.h"
#include "util.h"

#define MAX_ARGS 6
#define BPF_INSN_SIZE 8
#define BPF_MAX_INSNS 4096

struct build {
	scmp_filter_ctx ctx;
	uint32_t default_action;
	uint64_t caps;
	int kernel[2]; /* major, minor */
};

static const struct {
	const char *name;
	enum scmp_compare op;
} ops[] = {
	{"SCMP_CMP_NE", SCMP_CMP_NE},
	{"SCMP_CMP_LT", SCMP_CMP_LT},
	{"SCMP_CMP_LE", SCMP_CMP_LE},
	{"SCMP_CMP_EQ", SCMP_CMP_EQ},
	{"SCMP_CMP_GE", SCMP_CMP_GE},
	{"SCMP_CMP_GT", SCMP_CMP_GT},
	{"SCMP_CMP_MASKED_EQ", SCMP_CMP_MASKED_EQ},
};

/* libseccomp's native architecture and the names profiles use for it in "arches". */
static const struct {
	uint32_t arch;
	const char *names[2];
} arch_names[] = {
	{SCMP_ARCH_X86_64, {"amd64", "x86_64"}},
	{SCMP_ARCH_X86, {"386", "x86"}},
	{SCMP_ARCH_X32, {"x32", "x32"}},
	{SCMP_ARCH_AARCH64, {"arm64", "aarch64"}},
	{SCMP_ARCH_ARM, {"arm", "arm"}},
	{SCMP_ARCH_PPC64LE, {"ppc64le", "ppc64le"}},
	{SCMP_ARCH_S390X, {"s390x", "s390x"}},
	{SCMP_ARCH_S390, {"s390", "s390"}},
	{SCMP_ARCH_RISCV64, {"riscv64", "riscv64"}},
};

/* "major.minor[...]" into v; -1 if it does not start so. */
static int parse_version(const char *s, int v[2])
{
	char *end;

	v[0] = (int)strtol(s, &end, 10);
	if (end == s || *end != '.')
		return -1;
	s = end + 1;
	v[1] = (int)strtol(s, &end, 10);
	return end == s ? -1 : 0;
}

static int action_parse(json_t *name, json_t *errno_ret, uint32_t *out, struct sixd_error **err)
{
	const char *a = json_string_value(name);
	int e = json_is_integer(errno_ret) ? (int)json_integer_value(errno_ret) : EPERM;

	if (a == NULL)
		return sixd_error_set(err, EINVAL, "no action");
	if (errno_ret && (!json_is_integer(errno_ret) || e < 0 || e > 4095))
		return sixd_error_set(err, EINVAL, "invalid errnoRet");
	if (strcmp(a, "SCMP_ACT_ALLOW") == 0)
		*out = SCMP_ACT_ALLOW;
	else if (strcmp(a, "SCMP_ACT_ERRNO") == 0)
		*out = SCMP_ACT_ERRNO((uint32_t)e);
	else if (strcmp(a, "SCMP_ACT_KILL") == 0 || strcmp(a, "SCMP_ACT_KILL_THREAD") == 0)
		*out = SCMP_ACT_KILL_THREAD;
	else if (strcmp(a, "SCMP_ACT_KILL_PROCESS") == 0)
		*out = SCMP_ACT_KILL_PROCESS;
	else if (strcmp(a, "SCMP_ACT_TRAP") == 0)
		*out = SCMP_ACT_TRAP;
	else if (strcmp(a, "SCMP_ACT_TRACE") == 0)
		*out = SCMP_ACT_TRACE((uint32_t)e);
	else if (strcmp(a, "SCMP_ACT_LOG") == 0)
		*out = SCMP_ACT_LOG;
	else
		return sixd_error_set(err, EINVAL, "unsupported action '%s'", a);
	return 0;
}

/* "SCMP_ARCH_X86_64" into libseccomp's token. */
static int arch_parse(json_t *j, uint32_t *arch, struct sixd_error **err)
{
	const char *s = json_string_value(j);
	char lower[32];
	size_t i;

	if (s == NULL || strncmp(s, "SCMP_ARCH_", 10) != 0 || strlen(s + 10) >= sizeof(lower))
		return sixd_error_set(err, EINVAL, "invalid architecture '%s'", s ? s : "?");
	for (i = 0; s[10 + i]; i++)
		lower[i] =
			(char)(s[10 + i] >= 'A' && s[10 + i] <= 'Z' ? s[10 + i] + 32 : s[10 + i]);
	lower[i] = '\0';
	*arch = seccomp_arch_resolve_name(lower);
	if (*arch == 0)
		return sixd_error_set(err, EINVAL, "unknown architecture '%s'", s);
	return 0;
}

static int arch_add(struct build *b, json_t *j, struct sixd_error **err)
{
	uint32_t arch;
	int rc;

	if (arch_parse(j, &arch, err) < 0)
		return -1;
	rc = seccomp_arch_add(b->ctx, arch);
	if (rc < 0 && rc != -EEXIST)
		return sixd_error_set(err, -rc, "cannot add architecture '%s'",
				      json_string_value(j));
	return 0;
}

/* "architectures", and the "archMap" entry of the native architecture. */
static int arches_add(struct build *b, json_t *root, struct sixd_error **err)
{
	json_t *list = json_object_get(root, "architectures"),
	       *map = json_object_get(root, "archMap");
	json_t *v, *m;
	size_t i, k;

	if ((list && !json_is_array(list) && !json_is_null(list)) ||
	    (map && !json_is_array(map) && !json_is_null(map)))
		return sixd_error_set(err, EINVAL, "architectures and archMap must be arrays");
	json_array_foreach(list, i, v)
	{
		if (arch_add(b, v, err) < 0)
			return -1;
	}
	json_array_foreach(map, i, m)
	{
		json_t *subs = json_object_get(m, "subArchitectures");
		uint32_t arch;

		if (arch_parse(json_object_get(m, "architecture"), &arch, err) < 0)
			return sixd_error_wrap(err, "archMap");
		if (arch != seccomp_arch_native())
			continue;
		json_array_foreach(subs, k, v)
		{
			if (arch_add(b, v, err) < 0)
				return -1;
		}
	}
	return 0;
}

static bool native_listed(json_t *arches)
{
	uint32_t native = seccomp_arch_native();
	json_t *v;
	size_t i;

	json_array_foreach(arches, i, v)
	{
		const char *s = json_string_value(v);

		for (size_t k = 0; s && k < sizeof(arch_names) / sizeof(arch_names[0]); k++)
			if (arch_names[k].arch == native &&
			    (strcmp(s, arch_names[k].names[0]) == 0 ||
			     strcmp(s, arch_names[k].names[1]) == 0))
				return true;
	}
	return false;
}

/* Does every capability of caps (all: true) / any (all: false) name one in b->caps? */
static bool caps_held(const struct build *b, json_t *caps, bool all)
{
	json_t *v;
	size_t i;

	json_array_foreach(caps, i, v)
	{
		int cap;
		bool held = json_is_string(v) &&
			    sixd_cap_parse(json_string_value(v), &cap, NULL) == 0 &&
			    (b->caps & (1ULL << cap));

		if (held != all)
			return held;
	}
	return all;
}

static bool kernel_at_least(const struct build *b, json_t *min)
{
	int v[2];

	if (!json_is_string(min) || parse_version(json_string_value(min), v) < 0)
		return false;
	return b->kernel[0] > v[0] || (b->kernel[0] == v[0] && b->kernel[1] >= v[1]);
}

/* A rule's "includes" all hold and none of its "excludes" does. */
static bool rule_applies(const struct build *b, json_t *rule)
{
	json_t *inc = json_object_get(rule, "includes"), *exc = json_object_get(rule, "excludes");
	json_t *v;

	if ((v = json_object_get(inc, "caps")) && json_array_size(v) && !caps_held(b, v, true))
		return false;
	if ((v = json_object_get(inc, "arches")) && json_array_size(v) && !native_listed(v))
		return false;
	if ((v = json_object_get(inc, "minKernel")) && !kernel_at_least(b, v))
		return false;
	if ((v = json_object_get(exc, "caps")) && caps_held(b, v, false))
		return false;
	if ((v = json_object_get(exc, "arches")) && native_listed(v))
		return false;
	if ((v = json_object_get(exc, "minKernel")) && kernel_at_least(b, v))
		return false;
	return true;
}

static int arg_parse(json_t *a, struct scmp_arg_cmp *out, struct sixd_error **err)
{
	json_t *index = json_object_get(a, "index"), *value = json_object_get(a, "value");
	json_t *two = json_object_get(a, "valueTwo");
	const char *op = json_string_value(json_object_get(a, "op"));
	size_t i;

	if (!json_is_integer(index) || json_integer_value(index) < 0 ||
	    json_integer_value(index) >= MAX_ARGS)
		return sixd_error_set(err, EINVAL, "an argument index must be 0 to 5");
	if (!json_is_integer(value) || (two && !json_is_integer(two) && !json_is_null(two)))
		return sixd_error_set(err, EINVAL, "an argument value must be an integer");
	for (i = 0; op && i < sizeof(ops) / sizeof(ops[0]); i++)
		if (strcmp(op, ops[i].name) == 0)
			break;
	if (op == NULL || i == sizeof(ops) / sizeof(ops[0]))
		return sixd_error_set(err, EINVAL, "unknown operator '%s'", op ? op : "?");
	*out = (struct scmp_arg_cmp){
		.arg = (unsigned)json_integer_value(index),
		.op = ops[i].op,
		.datum_a = (scmp_datum_t)json_integer_value(value),
		.datum_b = (scmp_datum_t)json_integer_value(two),
	};
	return 0;
}

/* The rule's conditions; *split: some argument is compared twice (alternatives). */
static int args_parse(json_t *args, struct scmp_arg_cmp cmps[MAX_ARGS], unsigned *n, bool *split,
		      struct sixd_error **err)
{
	unsigned seen = 0;
	json_t *a;
	size_t i;

	*n = 0;
	*split = false;
	if (args && !json_is_array(args) && !json_is_null(args))
		return sixd_error_set(err, EINVAL, "args must be an array");
	if (json_array_size(args) > MAX_ARGS)
		return sixd_error_set(err, EINVAL, "at most 6 argument conditions");
	json_array_foreach(args, i, a)
	{
		if (arg_parse(a, &cmps[*n], err) < 0)
			return -1;
		*split |= (seen >> cmps[*n].arg) & 1;
		seen |= 1u << cmps[*n].arg;
		(*n)++;
	}
	return 0;
}

static int syscall_add(struct build *b, const char *name, uint32_t action,
		       const struct scmp_arg_cmp *cmps, unsigned n, bool split,
		       struct sixd_error **err)
{
	int nr = seccomp_syscall_resolve_name(name), rc = 0;

	if (nr == __NR_SCMP_ERROR)
		return 0; /* unknown here: a newer or another architecture's call */
	if (!split)
		rc = seccomp_rule_add_array(b->ctx, action, nr, n, cmps);
	for (unsigned i = 0; split && i < n && (rc == 0 || rc == -EEXIST); i++)
		rc = seccomp_rule_add_array(b->ctx, action, nr, 1, &cmps[i]);
	if (rc < 0 && rc != -EEXIST)
		return sixd_error_set(err, -rc, "cannot add the rule for '%s'", name);
	return 0;
}

static int rule_add(struct build *b, json_t *rule, struct sixd_error **err)
{
	json_t *names = json_object_get(rule, "names"), *name = json_object_get(rule, "name");
	struct scmp_arg_cmp cmps[MAX_ARGS];
	uint32_t action;
	unsigned n;
	bool split;
	json_t *v;
	size_t i;

	if (!json_is_object(rule))
		return sixd_error_set(err, EINVAL, "a rule must be an object");
	if ((names && !json_is_array(names)) || (name && !json_is_string(name)) ||
	    (!names && !name))
		return sixd_error_set(err, EINVAL, "a rule needs \"names\" (or \"name\")");
	if (action_parse(json_object_get(rule, "action"), json_object_get(rule, "errnoRet"),
			 &action, err) < 0 ||
	    args_parse(json_object_get(rule, "args"), cmps, &n, &split, err) < 0)
		return -1;
	if (!rule_applies(b, rule) || action == b->default_action)
		return 0;
	if (name && syscall_add(b, json_string_value(name), action, cmps, n, split, err) < 0)
		return -1;
	json_array_foreach(names, i, v)
	{
		if (!json_is_string(v))
			return sixd_error_set(err, EINVAL, "a syscall name must be a string");
		if (syscall_add(b, json_string_value(v), action, cmps, n, split, err) < 0)
			return -1;
	}
	return 0;
}

static int rules_add(struct build *b, json_t *root, struct sixd_error **err)
{
	json_t *rules = json_object_get(root, "syscalls"), *rule;
	size_t i;

	if (rules && !json_is_array(rules) && !json_is_null(rules))
		return sixd_error_set(err, EINVAL, "syscalls must be an array");
	json_array_foreach(rules, i, rule)
	{
		if (rule_add(b, rule, err) < 0)
			return sixd_error_wrap(err, "syscalls[%zu]", i);
	}
	return 0;
}

/* The filter of b->ctx as bytes (libseccomp 2.5 exports to an fd only). */
static int export_bpf(struct build *b, struct sixd_seccomp_filter *out, struct sixd_error **err)
{
	_cleanup_close_ int fd = memfd_create("sixd-seccomp", MFD_CLOEXEC);
	struct stat st;
	int rc;

	if (fd < 0)
		return sixd_error_set(err, errno, "cannot export the seccomp filter");
	rc = seccomp_export_bpf(b->ctx, fd);
	if (rc < 0)
		return sixd_error_set(err, -rc, "cannot export the seccomp filter");
	if (fstat(fd, &st) < 0)
		return sixd_error_set(err, errno, "cannot export the seccomp filter");
	if (st.st_size == 0 || st.st_size % BPF_INSN_SIZE || st.st_size > BPF_MAX_INSNS * 8)
		return sixd_error_set(err, E2BIG, "the seccomp filter has %lld instructions",
				      (long long)st.st_size / BPF_INSN_SIZE);
	out->prog = malloc((size_t)st.st_size);
	if (out->prog == NULL)
		return sixd_error_set(err, ENOMEM, "cannot export the seccomp filter");
	out->size = (size_t)st.st_size;
	if (pread(fd, out->prog, out->size, 0) != (ssize_t)out->size) {
		sixd_seccomp_filter_free(out);
		return sixd_error_set(err, errno ? errno : EIO, "cannot export the seccomp filter");
	}
	return 0;
}

static int build_init(struct build *b, json_t *root, uint64_t caps, struct sixd_error **err)
{
	struct utsname u;

	if (!json_is_object(root))
		return sixd_error_set(err, EINVAL, "not a JSON object");
	if (json_object_get(root, "listenerPath"))
		return sixd_error_set(err, EINVAL,
				      "listenerPath (seccomp notify) is not supported");
	if (action_parse(json_object_get(root, "defaultAction"),
			 json_object_get(root, "defaultErrnoRet"), &b->default_action, err) < 0)
		return sixd_error_wrap(err, "defaultAction");
	b->caps = caps;
	if (uname(&u) < 0 || parse_version(u.release, b->kernel) < 0)
		b->kernel[0] = b->kernel[1] = 0;
	b->ctx = seccomp_init(b->default_action);
	if (b->ctx == NULL)
		return sixd_error_set(err, ENOMEM, "cannot create a seccomp filter");
	/* a binary tree of syscall numbers: fewer instructions run per call */
	seccomp_attr_set(b->ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2);
	return 0;
}

int sixd_seccomp_compile(const char *profile, uint64_t caps, struct sixd_seccomp_filter *out,
			 struct sixd_error **err)
{
	json_error_t jerr;
	json_auto_t *root = json_loads(profile ? profile : sixd_seccomp_default_profile, 0, &jerr);
	struct build b = {0};
	int rc = -1;

	out->prog = NULL;
	out->size = 0;
	if (root == NULL)
		return sixd_error_set(err, EINVAL, "invalid JSON at line %d: %s", jerr.line,
				      jerr.text);
	if (build_init(&b, root, caps, err) == 0 && arches_add(&b, root, err) == 0 &&
	    rules_add(&b, root, err) == 0)
		rc = export_bpf(&b, out, err);
	if (b.ctx)
		seccomp_release(b.ctx);
	return rc;
}

void sixd_seccomp_filter_free(struct sixd_seccomp_filter *f)
{
	if (f == NULL)
		return;
	free(f->prog);
	f->prog = NULL;
	f->size = 0;
}
