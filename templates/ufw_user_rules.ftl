<#-- ufw's own rules file, in exactly the format "ufw allow" writes, so "ufw status" shows the
     rules and the ufw command keeps working. c is the chain prefix: ufw (IPv4) or ufw6 (IPv6). -->
<#assign c = ufw.chain>
*filter
:${c}-user-input - [0:0]
:${c}-user-output - [0:0]
:${c}-user-forward - [0:0]
:${c}-before-logging-input - [0:0]
:${c}-before-logging-output - [0:0]
:${c}-before-logging-forward - [0:0]
:${c}-user-logging-input - [0:0]
:${c}-user-logging-output - [0:0]
:${c}-user-logging-forward - [0:0]
:${c}-after-logging-input - [0:0]
:${c}-after-logging-output - [0:0]
:${c}-after-logging-forward - [0:0]
:${c}-logging-deny - [0:0]
:${c}-logging-allow - [0:0]
:${c}-user-limit - [0:0]
:${c}-user-limit-accept - [0:0]
### RULES ###
<#list ufw.rules as r>

### tuple ### ${r.action} ${r.proto} ${r.port} ${ufw.any} any ${r.source} in<#if r.comment_hex?has_content> comment=${r.comment_hex}</#if>
<#assign match = "-p " + r.proto + " " + r.dports + r.source_match>
<#if r.action == "limit">
-A ${c}-user-input ${match} -m conntrack --ctstate NEW -m recent --set
-A ${c}-user-input ${match} -m conntrack --ctstate NEW -m recent --update --seconds 30 --hitcount 6 -j ${c}-user-limit
-A ${c}-user-input ${match} -j ${c}-user-limit-accept
<#else>
-A ${c}-user-input ${match} -j ACCEPT
</#if>
</#list>

### END RULES ###

### LOGGING ###
-A ${c}-after-logging-input -j LOG --log-prefix "[UFW BLOCK] " -m limit --limit 3/min --limit-burst 10
-A ${c}-after-logging-forward -j LOG --log-prefix "[UFW BLOCK] " -m limit --limit 3/min --limit-burst 10
-I ${c}-logging-deny -m conntrack --ctstate INVALID -j RETURN -m limit --limit 3/min --limit-burst 10
-A ${c}-logging-deny -j LOG --log-prefix "[UFW BLOCK] " -m limit --limit 3/min --limit-burst 10
-A ${c}-logging-allow -j LOG --log-prefix "[UFW ALLOW] " -m limit --limit 3/min --limit-burst 10
### END LOGGING ###

### RATE LIMITING ###
-A ${c}-user-limit -m limit --limit 3/minute -j LOG --log-prefix "[UFW LIMIT BLOCK] "
-A ${c}-user-limit -j REJECT
-A ${c}-user-limit-accept -j ACCEPT
### END RATE LIMITING ###
COMMIT
