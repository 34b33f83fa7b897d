# Managed by harden (module upgrades, template upgrades_timer.ftl). Local edits are replaced
# on the next apply: change the upgrades.window.* policy or override the template in your repository.
<#list timer.what as line>
# <#if line?is_first>${timer.unit}: </#if>${line}
</#list>
[Timer]
# OnCalendar adds up across files: the empty line drops the vendor's schedule first.
OnCalendar=
OnCalendar=${timer.calendar}
RandomizedDelaySec=${timer.delay}
Persistent=${timer.persistent?c}
