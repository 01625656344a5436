// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libmnl, loaded when a bridge network is plugged or changed (see dl.h):
 * Debian ships it as a shared object only, and linked it would be mapped and
 * relocated by every sixdocker start, also `--network none` runs, exec and ps.
 * Each libmnl function lib/netlink.c calls is defined here as a forwarder;
 * calling one that is missing is a link error: add it to the list below.
 */
#include <libmnl/libmnl.h>

#include "dl.h"
#include "mnl_dl.h"

static struct sixd_dl mnl_lib = {.soname = "libmnl.so.0"};

int sixd_mnl_lib_load(struct sixd_error **err)
{
	return sixd_dl_load(&mnl_lib, err);
}

#define FORWARD(ret, name, params, args) SIXD_DL_FORWARD(mnl_lib, ret, name, params, args)
#define FORWARD_VOID(name, params, args) SIXD_DL_FORWARD_VOID(mnl_lib, name, params, args)

/* the list is kept as written: clang-format takes "struct x * a" for a product */
/* clang-format off */
FORWARD(struct mnl_socket *, mnl_socket_open2, (int bus, int flags), (bus, flags))
FORWARD(int, mnl_socket_bind, (struct mnl_socket *nl, unsigned int groups, pid_t pid), (nl, groups, pid))
FORWARD(int, mnl_socket_close, (struct mnl_socket *nl), (nl))
FORWARD(unsigned int, mnl_socket_get_portid, (const struct mnl_socket *nl), (nl))
FORWARD(ssize_t, mnl_socket_sendto, (const struct mnl_socket *nl, const void *req, size_t siz), (nl, req, siz))
FORWARD(ssize_t, mnl_socket_recvfrom, (const struct mnl_socket *nl, void *buf, size_t siz), (nl, buf, siz))
FORWARD(struct nlmsghdr *, mnl_nlmsg_put_header, (void *buf), (buf))
FORWARD(void *, mnl_nlmsg_put_extra_header, (struct nlmsghdr *nlh, size_t size), (nlh, size))
FORWARD(void *, mnl_nlmsg_get_payload, (const struct nlmsghdr *nlh), (nlh))
FORWARD_VOID(mnl_attr_put_u32, (struct nlmsghdr *nlh, uint16_t type, uint32_t data), (nlh, type, data))
FORWARD_VOID(mnl_attr_put_strz, (struct nlmsghdr *nlh, uint16_t type, const char *data), (nlh, type, data))
FORWARD(struct nlattr *, mnl_attr_nest_start, (struct nlmsghdr *nlh, uint16_t type), (nlh, type))
FORWARD_VOID(mnl_attr_nest_end, (struct nlmsghdr *nlh, struct nlattr *start), (nlh, start))
FORWARD(uint32_t, mnl_attr_get_u32, (const struct nlattr *attr), (attr))
FORWARD(uint16_t, mnl_attr_get_type, (const struct nlattr *attr), (attr))
FORWARD(int, mnl_attr_type_valid, (const struct nlattr *attr, uint16_t maxtype), (attr, maxtype))
FORWARD(int, mnl_attr_parse, (const struct nlmsghdr *nlh, unsigned int offset, mnl_attr_cb_t cb, void *data), (nlh, offset, cb, data))
FORWARD(int, mnl_cb_run, (const void *buf, size_t numbytes, unsigned int seq, unsigned int portid, mnl_cb_t cb_data, void *data), (buf, numbytes, seq, portid, cb_data, data))
/* clang-format on */
