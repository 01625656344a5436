// SPDX-License-Identifier: GPL-2.0-or-later
/* sixdocker run: parse the options, hand them to sixd_container_run. */
#include <stdio.h>

#include "commands.h"
#include "container.h"
#include "run_options.h"

int cmd_run(struct sixd_cli *cli, int argc, char **argv, struct sixd_error **err)
{
	struct run_args a = {.o.stop_timeout = -1};
	struct sixd_run_result res;
	int rc;

	rc = sixd_run_args_parse(&a, argc, argv, err);
	if (rc == 0) {
		rc = sixd_container_run(&cli->store, &a.o, &res, err);
		if (rc == 0 && a.o.detach)
			printf("%s\n", res.id);
		else if (rc == 0)
			rc = res.exit_code;
	} else if (rc == 1) {
		rc = 0;
	}
	sixd_run_args_free(&a);
	return rc;
}
