# Managed by harden (module sudo, template sudoers_harden.ftl). Local edits are replaced
# on the next apply: change the sudo.* policy or override the template in your repository.

# Every sudo use goes to syslog (authpriv)<#if policy.sudo.log_file?has_content> and to ${policy.sudo.log_file}</#if>.
Defaults syslog=authpriv
<#if policy.sudo.log_file?has_content>
Defaults logfile="${policy.sudo.log_file}"
Defaults log_year, log_host
</#if>
<#if policy.sudo.use_pty>
Defaults use_pty
</#if>
<#if policy.sudo.log_io>
# Session input and output are recorded; replay with sudoreplay.
Defaults log_input, log_output
Defaults iolog_dir="${policy.sudo.io_log_dir}"
</#if>
