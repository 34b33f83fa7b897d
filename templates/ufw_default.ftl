# Managed by harden (module firewall, template ufw_default.ftl). Local edits are replaced on
# the next apply: change the firewall.* policy or override the template in your repository.
# ufw reads this file when it starts or reloads.

# Filter IPv6 as well as IPv4 (rules "from anywhere" apply to both).
IPV6=yes

# What happens to traffic that no rule allows: firewall.default_incoming / default_outgoing.
DEFAULT_INPUT_POLICY="${ufw.input}"
DEFAULT_OUTPUT_POLICY="${ufw.output}"
# Routed traffic (this host as a router) stays dropped, as Debian ships it.
DEFAULT_FORWARD_POLICY="DROP"
# Application profiles never open ports by themselves.
DEFAULT_APPLICATION_POLICY="SKIP"

# ufw touches only its own chains, so other tools' rules (docker, fail2ban) survive.
MANAGE_BUILTINS=no
IPT_SYSCTL=/etc/ufw/sysctl.conf
IPT_MODULES=""
