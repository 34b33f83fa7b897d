# Managed by harden (module upgrades, template dnf_automatic.ftl). Local edits are replaced
# on the next apply: change the upgrades.* policy or override the template in your repository.
<#if upgrades.dnf == "dnf5">
# dnf5 automatic reads this file on top of /usr/share/dnf5/dnf5-plugins/automatic.conf.
</#if>
# Schedule in the host's local time (upgrades.window.*, upgrades.reboot.*):
<#list upgrades.schedule as line>
#   ${line}
</#list>

[commands]
# security: only updates with a security advisory; default: all updates (upgrades.origins)
upgrade_type = ${upgrades.upgrade_type}
# the timer spreads the start (RandomizedDelaySec), so no sleep of its own
random_sleep = 0
network_online_timeout = 60
download_updates = yes
apply_updates = yes
# never, or when-needed: when a core package (kernel, glibc, systemd) changed, at this host's time
reboot = ${upgrades.reboot}
<#if upgrades.reboot == "when-needed">
reboot_command = "shutdown -r ${upgrades.reboot_time} 'harden: rebooting after applying package updates'"
</#if>

[emitters]
emit_via = stdio
<#if upgrades.exclude?has_content>

[base]
# Packages never upgraded automatically (upgrades.blacklist).
excludepkgs = ${upgrades.exclude}
</#if>
