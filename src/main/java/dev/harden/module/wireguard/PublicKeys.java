package dev.harden.module.wireguard;

import java.util.Base64;
import java.util.regex.Pattern;

/** WireGuard public keys as text: 44 characters of base64 for 32 bytes. */
final class PublicKeys {

    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=");

    private PublicKeys() {
    }

    static boolean valid(String key) {
        if (key == null || !KEY.matcher(key).matches()) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(key).length == 32;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The start of a key, enough to tell keys apart in a plan: "xChul7y2…". */
    static String shortly(String key) {
        return key.length() > 8 ? key.substring(0, 8) + "…" : key;
    }
}
