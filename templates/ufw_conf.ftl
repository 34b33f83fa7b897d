# Managed by harden (module firewall, template ufw_conf.ftl).
# ENABLED=yes: ufw loads its rules at boot (ufw.service); harden reloads them on apply.
ENABLED=yes
LOGLEVEL=low
