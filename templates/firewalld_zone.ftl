<?xml version="1.0" encoding="utf-8"?>
<!-- Managed by harden (module firewall, template firewalld_zone.ftl). Local edits and
     "firewall-cmd permanent" changes are replaced on the next apply: change the firewall.* policy. -->
<zone<#if zone.target?has_content> target="${zone.target}"</#if>>
  <short>${zone.name}</short>
  <description>Managed by harden: incoming traffic is ${zone.incoming} unless a rule below allows it.</description>
<#list zone.rules as r>
<#if r.comment?has_content>
  <!-- ${r.comment} -->
</#if>
<#if r.anywhere>
  <port protocol="${r.proto}" port="${r.port}"/>
<#else>
  <rule family="${r.family}">
    <source address="${r.source}"/>
    <port protocol="${r.proto}" port="${r.port}"/>
    <accept/>
  </rule>
</#if>
</#list>
</zone>
