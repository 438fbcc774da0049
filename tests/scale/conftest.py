"""Ray's environment, set before anything imports Ray (it reads these at import time)."""

from __future__ import annotations

import os

os.environ["RAY_USAGE_STATS_ENABLED"] = "0"
# Ray turns _node_ip_address="127.0.0.1" into this machine's routable address unless this is
# off (ray._private.services.get_node_ip_address); with it off, the node stays on loopback.
os.environ["RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER"] = "0"
