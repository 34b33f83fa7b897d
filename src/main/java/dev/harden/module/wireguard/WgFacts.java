package dev.harden.module.wireguard;

import dev.harden.facts.FactProbe;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the WireGuard module needs to know beyond its resources: whether the kernel has WireGuard
 * (else wireguard-go, the userspace implementation, is installed and wg-quick falls back to it),
 * and the public key each interface with a config in /etc/wireguard runs with now ({@code wg show}).
 *
 * @param kernelModule the kernel has WireGuard (loaded, built in, or loadable)
 * @param live         interface name to the public key it runs with ("(none)" when it has none)
 */
record WgFacts(boolean kernelModule, Map<String, String> live) {

    static final FactProbe<WgFacts> PROBE = new FactProbe<>("wireguard.state", """
            if [ -z "$R" ]; then
              if [ -d /sys/module/wireguard ] || modprobe -n -q wireguard 2> /dev/null \\
                 || grep -q '/wireguard.ko' "/lib/modules/$(read -r k < /proc/sys/kernel/osrelease && echo "$k")/modules.builtin" 2> /dev/null; then
                echo kernel-module
              fi
              if command -v wg > /dev/null 2>&1; then
                for c in /etc/wireguard/*.conf; do
                  [ -f "$c" ] || continue
                  n=$(basename "$c" .conf)
                  k=$(wg show "$n" public-key 2> /dev/null) && echo "live $n $k"
                done
              fi
            fi
            """, WgFacts::parse);

    WgFacts {
        live = Map.copyOf(live);
    }

    static WgFacts parse(byte[] output) {
        boolean kernel = false;
        Map<String, String> live = new TreeMap<>();
        for (String line : new String(output, StandardCharsets.UTF_8).split("\n")) {
            String[] words = line.strip().split(" ");
            if (words.length == 1 && words[0].equals("kernel-module")) {
                kernel = true;
            } else if (words.length == 3 && words[0].equals("live") && words[1].matches("[a-z][a-z0-9_-]{0,14}")
                    && (PublicKeys.valid(words[2]) || words[2].equals("(none)"))) {
                live.put(words[1], words[2]);
            }
        }
        return new WgFacts(kernel, live);
    }
}
