// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * rtnetlink requests with libmnl (see netlink.h).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <libmnl/libmnl.h>
#include <linux/if.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cleanup.h"
#include "mnl_dl.h"
#include "netlink.h"

#define NL_BUF_SIZE 32768

int sixd_nl_open(struct sixd_nl *nl, struct sixd_error **err)
{
	nl->seq = 0;
	if (sixd_mnl_lib_load(err) < 0)
		return -1;
	nl->sock = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC);
	if (nl->sock == NULL)
		return sixd_error_set(err, errno, "cannot open a netlink socket");
	if (mnl_socket_bind(nl->sock, 0, MNL_SOCKET_AUTOPID) < 0) {
		int saved = errno;

		mnl_socket_close(nl->sock);
		nl->sock = NULL;
		return sixd_error_set(err, saved, "cannot bind a netlink socket");
	}
	nl->portid = mnl_socket_get_portid(nl->sock);
	return 0;
}

int sixd_nl_open_in(struct sixd_nl *nl, pid_t pid, struct sixd_error **err)
{
	char path[64];
	_cleanup_close_ int self = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	_cleanup_close_ int target = -1;
	int rc;

	snprintf(path, sizeof(path), "/proc/%d/ns/net", (int)pid);
	target = open(path, O_RDONLY | O_CLOEXEC);
	if (self < 0 || target < 0)
		return sixd_error_set(err, errno, "cannot open the network namespace of %d",
				      (int)pid);
	if (setns(target, CLONE_NEWNET) < 0)
		return sixd_error_set(err, errno, "cannot enter the network namespace of %d",
				      (int)pid);
	rc = sixd_nl_open(nl, err);
	if (setns(self, CLONE_NEWNET) < 0) {
		/* never go on in the container's namespace */
		sixd_nl_close(nl);
		return sixd_error_set(err, errno, "cannot return to our network namespace");
	}
	return rc;
}

void sixd_nl_close(struct sixd_nl *nl)
{
	if (nl->sock)
		mnl_socket_close(nl->sock);
	nl->sock = NULL;
}

int sixd_nl_link_flags(const char *name, unsigned int *flags)
{
	_cleanup_close_ int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	struct ifreq ifr = {0};

	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	if (s < 0 || ioctl(s, SIOCGIFFLAGS, &ifr) < 0)
		return -1;
	*flags = (unsigned short)ifr.ifr_flags;
	return 0;
}

/* Send one request and read the answers until its ack (or the end of a dump). */
static int talk(struct sixd_nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb, void *data)
{
	_cleanup_free_ char *buf = malloc(NL_BUF_SIZE);
	ssize_t n;
	int rc;

	if (buf == NULL)
		return errno = ENOMEM, -1;
	nlh->nlmsg_seq = ++nl->seq;
	if (mnl_socket_sendto(nl->sock, nlh, nlh->nlmsg_len) < 0)
		return -1;
	do {
		n = mnl_socket_recvfrom(nl->sock, buf, NL_BUF_SIZE);
		if (n < 0)
			return -1;
		rc = mnl_cb_run(buf, (size_t)n, nlh->nlmsg_seq, nl->portid, cb, data);
	} while (rc > MNL_CB_STOP);
	return rc < 0 ? -1 : 0;
}

static struct nlmsghdr *new_msg(char *buf, uint16_t type, uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	return nlh;
}

static struct ifinfomsg *put_ifinfo(struct nlmsghdr *nlh, unsigned int index, unsigned int up)
{
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));

	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = (int)index;
	ifi->ifi_flags = up;
	ifi->ifi_change = up;
	return ifi;
}

static int link_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);

	if (nlh->nlmsg_type == RTM_NEWLINK)
		*(unsigned int *)data = (unsigned int)ifi->ifi_index;
	return MNL_CB_OK;
}

int sixd_nl_link_index(struct sixd_nl *nl, const char *name, unsigned int *index,
		       struct sixd_error **err)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = new_msg(buf, RTM_GETLINK, 0);

	*index = 0;
	put_ifinfo(nlh, 0, 0);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	if (talk(nl, nlh, link_cb, index) < 0 || *index == 0)
		return sixd_error_set(err, errno, "cannot find the link '%s'", name);
	return 0;
}

int sixd_nl_bridge_add(struct sixd_nl *nl, const char *name, struct sixd_error **err)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = new_msg(buf, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL);
	struct nlattr *info;

	put_ifinfo(nlh, 0, 0);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	info = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "bridge");
	mnl_attr_nest_end(nlh, info);
	if (talk(nl, nlh, NULL, NULL) < 0 && errno != EEXIST)
		return sixd_error_set(err, errno, "cannot create the bridge '%s'", name);
	return 0;
}

int sixd_nl_link_up(struct sixd_nl *nl, unsigned int ifindex, struct sixd_error **err)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = new_msg(buf, RTM_NEWLINK, 0);

	put_ifinfo(nlh, ifindex, IFF_UP);
	if (talk(nl, nlh, NULL, NULL) < 0)
		return sixd_error_set(err, errno, "cannot bring up link %u", ifindex);
	return 0;
}

int sixd_nl_link_del(struct sixd_nl *nl, const char *name, struct sixd_error **err)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = new_msg(buf, RTM_DELLINK, 0);

	put_ifinfo(nlh, 0, 0);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	if (talk(nl, nlh, NULL, NULL) < 0 && errno != ENODEV)
		return sixd_error_set(err, errno, "cannot delete the link '%s'", name);
	return 0;
}

int sixd_nl_addr_add(struct sixd_nl *nl, unsigned int ifindex, uint32_t addr, int prefix,
		     struct sixd_error **err)
{
	char buf[MNL_SOCKET_BUFFER_SIZE], text[SIXD_IPV4_LEN];
	struct nlmsghdr *nlh = new_msg(buf, RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL);
	struct ifaddrmsg *ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	uint32_t be = htonl(addr), bcast = htonl(addr | ~sixd_prefix_mask(prefix));

	ifa->ifa_family = AF_INET;
	ifa->ifa_prefixlen = (unsigned char)prefix;
	ifa->ifa_index = ifindex;
	mnl_attr_put_u32(nlh, IFA_LOCAL, be);
	mnl_attr_put_u32(nlh, IFA_ADDRESS, be);
	mnl_attr_put_u32(nlh, IFA_BROADCAST, bcast);
	if (talk(nl, nlh, NULL, NULL) < 0 && errno != EEXIST) {
		sixd_ipv4_format(addr, text);
		return sixd_error_set(err, errno, "cannot add the address %s/%d", text, prefix);
	}
	return 0;
}

int sixd_nl_veth_add(struct sixd_nl *nl, const char *name, unsigned int master,
		     const char *peer_name, pid_t peer_pid, struct sixd_error **err)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = new_msg(buf, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL);
	struct nlattr *info, *data, *peer;

	put_ifinfo(nlh, 0, IFF_UP);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	mnl_attr_put_u32(nlh, IFLA_MASTER, master);
	info = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "veth");
	data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
	peer = mnl_attr_nest_start(nlh, VETH_INFO_PEER);
	put_ifinfo(nlh, 0, 0); /* up only once paired: the caller does it */
	mnl_attr_put_strz(nlh, IFLA_IFNAME, peer_name);
	mnl_attr_put_u32(nlh, IFLA_NET_NS_PID, (uint32_t)peer_pid);
	mnl_attr_nest_end(nlh, peer);
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, info);
	if (talk(nl, nlh, NULL, NULL) < 0)
		return sixd_error_set(err, errno, "cannot create the veth pair '%s'", name);
	return 0;
}

int sixd_nl_route_default(struct sixd_nl *nl, unsigned int ifindex, uint32_t gateway,
			  struct sixd_error **err)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = new_msg(buf, RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL);
	struct rtmsg *rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));

	rtm->rtm_family = AF_INET;
	rtm->rtm_table = RT_TABLE_MAIN;
	rtm->rtm_protocol = RTPROT_BOOT;
	rtm->rtm_scope = RT_SCOPE_UNIVERSE;
	rtm->rtm_type = RTN_UNICAST;
	mnl_attr_put_u32(nlh, RTA_GATEWAY, htonl(gateway));
	mnl_attr_put_u32(nlh, RTA_OIF, ifindex);
	if (talk(nl, nlh, NULL, NULL) < 0)
		return sixd_error_set(err, errno, "cannot add the default route");
	return 0;
}

struct route_list {
	struct sixd_cidr *v;
	size_t n;
	int failed;
};

static int route_attr(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;
	int type = mnl_attr_get_type(attr);

	if (mnl_attr_type_valid(attr, RTA_MAX) >= 0)
		tb[type] = attr;
	return MNL_CB_OK;
}

static int route_cb(const struct nlmsghdr *nlh, void *data)
{
	struct route_list *l = data;
	const struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *tb[RTA_MAX + 1] = {0};
	struct sixd_cidr *grown;
	uint32_t table;

	mnl_attr_parse(nlh, sizeof(*rtm), route_attr, tb);
	table = tb[RTA_TABLE] ? mnl_attr_get_u32(tb[RTA_TABLE]) : rtm->rtm_table;
	if (rtm->rtm_family != AF_INET || rtm->rtm_dst_len == 0 || table != RT_TABLE_MAIN ||
	    tb[RTA_DST] == NULL)
		return MNL_CB_OK;
	grown = realloc(l->v, (l->n + 1) * sizeof(*grown));
	if (grown == NULL)
		return l->failed = ENOMEM, MNL_CB_ERROR;
	l->v = grown;
	l->v[l->n].prefix = rtm->rtm_dst_len;
	l->v[l->n].addr = ntohl(mnl_attr_get_u32(tb[RTA_DST])) & sixd_prefix_mask(rtm->rtm_dst_len);
	l->n++;
	return MNL_CB_OK;
}

int sixd_nl_routes(struct sixd_nl *nl, struct sixd_cidr **out, size_t *n, struct sixd_error **err)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = new_msg(buf, RTM_GETROUTE, NLM_F_DUMP);
	struct rtmsg *rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	struct route_list l = {0};

	nlh->nlmsg_flags &= ~NLM_F_ACK;
	rtm->rtm_family = AF_INET;
	if (talk(nl, nlh, route_cb, &l) < 0) {
		int e = l.failed ? l.failed : errno;

		free(l.v);
		return sixd_error_set(err, e, "cannot list the routes");
	}
	*out = l.v;
	*n = l.n;
	return 0;
}
