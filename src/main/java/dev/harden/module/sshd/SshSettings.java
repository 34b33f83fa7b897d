package dev.harden.module.sshd;

import dev.harden.policy.Setting;
import dev.harden.policy.SettingType;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The ssh.* policy keys. */
final class SshSettings {

    static final SettingType.Text USER = new SettingType.Text(Pattern.compile("[A-Za-z_][A-Za-z0-9_.*?@-]{0,63}"),
            "a user name or pattern (letters, digits, _ . - and * ? @)");
    static final SettingType.Text ADDRESS = new SettingType.Text(
            Pattern.compile("[0-9A-Fa-f:.\\[\\]]{2,64}(:[0-9]{1,5})?|[A-Za-z0-9.-]{1,253}"),
            "an IP address or host name (optionally :port)");

    private SshSettings() {
    }

    static List<Setting> all() {
        return List.of(
                Setting.bool("ssh.enabled", "manage /etc/ssh/sshd_config"),
                Setting.integer("ssh.port", 1, 65535, "the port sshd listens on"),
                new Setting("ssh.listen_addresses", new SettingType.TextList(ADDRESS),
                        "addresses sshd listens on (empty: all)"),
                Setting.bool("ssh.permit_root_login", "allow root to log in (with a key only) when true"),
                Setting.bool("ssh.password_authentication", "allow password logins"),
                new Setting("ssh.allow_users", new SettingType.TextList(USER), "only these users may log in (empty: no limit)"),
                new Setting("ssh.allow_groups", new SettingType.TextList(USER), "only members of these groups may log in (empty: no limit)"),
                Setting.integer("ssh.max_auth_tries", 1, 10, "authentication attempts per connection"),
                Setting.integer("ssh.login_grace_time", 5, 600, "seconds to authenticate before the connection is dropped"),
                Setting.integer("ssh.max_sessions", 1, 100, "sessions per connection (harden itself needs 2: one in use, one being freed)"),
                Setting.integer("ssh.client_alive_interval", 0, 3600, "seconds between keepalive probes (0: off)"),
                Setting.integer("ssh.client_alive_count_max", 0, 100, "unanswered keepalives before disconnect"),
                Setting.bool("ssh.x11_forwarding", "allow X11 forwarding"),
                Setting.bool("ssh.allow_tcp_forwarding", "allow TCP port forwarding"),
                Setting.bool("ssh.allow_agent_forwarding", "allow ssh-agent forwarding"),
                Setting.bool("ssh.permit_tunnel", "allow tun device forwarding"),
                new Setting("ssh.log_level", new SettingType.Choice(Set.of("QUIET", "FATAL", "ERROR", "INFO", "VERBOSE",
                        "DEBUG", "DEBUG1", "DEBUG2", "DEBUG3")), "sshd LogLevel"),
                Setting.bool("ssh.include_drop_ins", "also read /etc/ssh/sshd_config.d/*.conf (after harden's settings)"),
                new Setting("ssh.kex", new SettingType.Choice(Set.of("default", "post-quantum-only")),
                        "key exchange: default, or post-quantum-only (sntrup761/mlkem768 hybrids; OpenSSH 8.5+,"
                                + " and every client must support them)"));
    }
}
