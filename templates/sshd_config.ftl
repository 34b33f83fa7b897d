# Managed by harden (module sshd, template sshd_config.ftl). Local edits are replaced
# on the next apply: change the ssh.* policy or override the template in your repository.
# sshd uses the FIRST value it reads for a setting, so these come before any drop-in.

<#list sshd.host_keys as key>
HostKey ${key}
</#list>
Port ${policy.ssh.port}
<#list policy.ssh.listen_addresses as address>
ListenAddress ${address}
</#list>

# Authentication: keys only, no root login, few attempts.
PermitRootLogin ${sshd.permit_root_login}
PubkeyAuthentication yes
AuthenticationMethods publickey
PasswordAuthentication ${policy.ssh.password_authentication?then("yes", "no")}
PermitEmptyPasswords no
${sshd.kbd_interactive_keyword} no
HostbasedAuthentication no
IgnoreRhosts yes
UsePAM yes
StrictModes yes
PermitUserEnvironment no
MaxAuthTries ${policy.ssh.max_auth_tries}
LoginGraceTime ${policy.ssh.login_grace_time}
MaxSessions ${policy.ssh.max_sessions}
<#if policy.ssh.allow_users?has_content>
AllowUsers ${policy.ssh.allow_users?join(" ")}
</#if>
<#if policy.ssh.allow_groups?has_content>
AllowGroups ${policy.ssh.allow_groups?join(" ")}
</#if>

# Forwarding and sessions.
X11Forwarding ${policy.ssh.x11_forwarding?then("yes", "no")}
AllowTcpForwarding ${policy.ssh.allow_tcp_forwarding?then("yes", "no")}
AllowAgentForwarding ${policy.ssh.allow_agent_forwarding?then("yes", "no")}
PermitTunnel ${policy.ssh.permit_tunnel?then("yes", "no")}
ClientAliveInterval ${policy.ssh.client_alive_interval}
ClientAliveCountMax ${policy.ssh.client_alive_count_max}
# ClientAlive* detects dead peers inside the encrypted channel; spoofable TCP keepalives are off.
TCPKeepAlive no
Compression no
PrintMotd no
AcceptEnv LANG LC_*

# Logging: VERBOSE records the key fingerprint of every login.
SyslogFacility AUTH
LogLevel ${policy.ssh.log_level}

# Algorithms for OpenSSH ${facts.openssh}: none that ssh-audit fails<#if policy.ssh.kex == "post-quantum-only">; key exchange post-quantum hybrids only</#if>.
KexAlgorithms ${sshd.kex?join(",")}
Ciphers ${sshd.ciphers?join(",")}
MACs ${sshd.macs?join(",")}
HostKeyAlgorithms ${sshd.host_key_algorithms?join(",")}

Subsystem sftp internal-sftp
<#if policy.ssh.include_drop_ins>

# Drop-ins may add settings; the ones above win. Match blocks there are reported by harden.
Include /etc/ssh/sshd_config.d/*.conf
</#if>
