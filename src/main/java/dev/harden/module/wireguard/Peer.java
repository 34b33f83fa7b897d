package dev.harden.module.wireguard;

/**
 * A peer as a config names it: the host, its public key, the addresses routed to it, where to
 * reach it ("" when it is not known: the peer reaches this host first) and the keepalive ("" off).
 */
record Peer(String name, String publicKey, String allowedIps, String endpoint, String keepalive) {
}
