// Managed by harden (module upgrades, template apt_unattended_upgrades.ftl). Local edits are
// replaced on the next apply: change the upgrades.* policy or override the template in your repository.
// This file sorts after the vendor's 20auto-upgrades and 50unattended-upgrades, so its values win.
// apt adds list entries up across files: #clear empties each list before harden fills it.
// Schedule in the host's local time (upgrades.window.*, upgrades.reboot.*):
<#list upgrades.schedule as line>
//   ${line}
</#list>

APT::Periodic::Enable "1";
APT::Periodic::Update-Package-Lists "1";
APT::Periodic::Unattended-Upgrade "1";
APT::Periodic::AutocleanInterval "7";

#clear Unattended-Upgrade::Origins-Pattern;
#clear Unattended-Upgrade::Allowed-Origins;
#clear Unattended-Upgrade::Package-Blacklist;

// Where upgrades come from (upgrades.origins).
Unattended-Upgrade::Origins-Pattern {
<#list upgrades.origins_pattern as pattern>
        "${pattern}";
</#list>
};
Unattended-Upgrade::Allowed-Origins {
<#list upgrades.allowed_origins as origin>
        "${origin}";
</#list>
};

// Packages never upgraded automatically (upgrades.blacklist), as Python regular expressions.
Unattended-Upgrade::Package-Blacklist {
<#list upgrades.blacklist as pattern>
        "${pattern}";
</#list>
};

Unattended-Upgrade::Remove-Unused-Dependencies "${upgrades.remove_unused?c}";
Unattended-Upgrade::Remove-Unused-Kernel-Packages "${upgrades.remove_unused?c}";
<#if upgrades.reboot>

// Reboot when an upgrade asks for it, at this host's time in the window (upgrades.reboot.*).
Unattended-Upgrade::Automatic-Reboot "true";
Unattended-Upgrade::Automatic-Reboot-Time "${upgrades.reboot_time}";
Unattended-Upgrade::Automatic-Reboot-WithUsers "${upgrades.reboot_with_users?c}";
<#else>
Unattended-Upgrade::Automatic-Reboot "false";
</#if>
