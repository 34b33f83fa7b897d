# Managed by harden (module wireguard, template wireguard.conf.ftl): WireGuard network ${network.name},
# ${network.cidr}, ${network.topology}. Local edits are replaced on the next apply.
# No private key here: it stays in /etc/wireguard/${network.name}.key, generated on this host, and
# PostUp loads it. harden changes peers live (wg syncconf), without restarting the interface.
# harden-public-key: ${self.publicKey}
[Interface]
Address = ${self.address}
ListenPort = ${network.port}
PostUp = wg set %i private-key /etc/wireguard/%i.key
<#list peers as peer>

[Peer]
# peer ${peer.name}
PublicKey = ${peer.publicKey}
AllowedIPs = ${peer.allowedIps}
<#if peer.endpoint?has_content>
Endpoint = ${peer.endpoint}
</#if>
<#if peer.keepalive?has_content>
PersistentKeepalive = ${peer.keepalive}
</#if>
</#list>
