/**
 * harden: declarative server hardening. The pipeline runs one way: a Git commit
 * ({@code source}) becomes a validated desired state ({@code desired}, {@code policy},
 * {@code inventory}); per host, {@code facts} gathered in one round trip and the
 * {@code module}s produce a {@code plan} (a value); only {@code apply} writes to a host.
 * {@code engine} runs hosts concurrently; {@code cli} is a thin shell over it and nothing
 * depends on it.
 */
package dev.harden;
